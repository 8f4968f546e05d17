#!/usr/bin/env bash
# The action's last step: the job's result. 0 the gate passed, 1 license violations at or above fail-on,
# 2 licit could not run (no verdict reached: never reported as violations).
set -uo pipefail
case "${VERDICT:-error}" in
  pass) exit 0 ;;
  fail)
    echo "licit: the change brings ${NEW_ERRORS:-?} new errors and ${NEW_WARNINGS:-?} new warnings at or above fail-on (see the report)"
    exit 1 ;;
  *)
    echo "::error title=licit could not run::no license verdict was reached (licit exit ${EXIT_CODE:-none}); see the scan step's log"
    exit 2 ;;
esac
