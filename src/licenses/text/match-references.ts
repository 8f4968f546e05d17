// Full-text matching: candidates from the inverted shingle index, each scored on its densest region
// of the input (containment of the reference's shingles there, and how much of the region they
// explain), then the input is covered greedily so one file can hold several licenses.

import type { ReferenceIndex } from './reference-index.js';
import { SHINGLE_SIZE } from './shingles.js';

export interface ReferenceMatch {
  /** Index into `ReferenceIndex.references`. */
  reference: number;
  /** Dice of containment and precision, 0..1. */
  score: number;
  /** Share of the reference's shingles found in the region. */
  containment: number;
  /** Share of the region's shingles that belong to the reference. */
  precision: number;
  /** First and last word of the region (inclusive). */
  startWord: number;
  endWord: number;
}

/** A reference needs at least this share of its shingles anywhere in the text to be evaluated. */
const CANDIDATE_SHARE = 0.3;
const MIN_SCORE = 0.5;
/** Below this many matched shingles a match also needs nearly all of its (short) reference. */
const MIN_DISTINCT = 20;
const SHORT_REFERENCE_CONTAINMENT = 0.9;
/** Scores this close count as a tie, broken by the larger number of matched shingles. */
const TIE = 0.01;
/** A partial match (truncated text) is dropped when another license scores nearly as well there. */
const PARTIAL_CONTAINMENT = 0.8;
const AMBIGUITY_MARGIN = 0.08;
/** Runs of fewer matching shingles are chance phrase matches, not the license. */
const MIN_RUN = 3;

interface Evaluation {
  score: number;
  containment: number;
  precision: number;
  distinct: number;
  first: number;
  last: number;
}

export function matchReferences(index: ReferenceIndex, shingles: Uint32Array, wordCount: number): ReferenceMatch[] {
  const references = index.references;
  const hits = new Uint32Array(references.length);
  for (const shingle of shingles) {
    for (const reference of index.postings(shingle)) hits[reference]!++;
  }
  const isCandidate = new Uint8Array(references.length);
  const positions = new Map<number, number[]>();
  references.forEach((reference, at) => {
    if (hits[at]! >= Math.max(Math.min(3, reference.shingleCount), Math.ceil(CANDIDATE_SHARE * reference.shingleCount))) {
      isCandidate[at] = 1;
      positions.set(at, []);
    }
  });
  if (positions.size === 0) return [];
  shingles.forEach((shingle, position) => {
    for (const reference of index.postings(shingle)) {
      if (isCandidate[reference] === 1) positions.get(reference)!.push(position);
    }
  });

  const covered = new Uint8Array(wordCount);
  const matches: ReferenceMatch[] = [];
  for (;;) {
    const evaluations: { reference: number; evaluation: Evaluation }[] = [];
    for (const [reference, found] of positions) {
      const evaluation = evaluate(found, covered, shingles, references[reference]!.shingleCount);
      if (evaluation) evaluations.push({ reference, evaluation });
    }
    const best = pickBest(evaluations);
    if (!best || !acceptable(best.evaluation, references[best.reference]!.shingleCount)) break;
    const { first, last } = best.evaluation;
    covered.fill(1, first, last + SHINGLE_SIZE);
    if (isAmbiguous(best, evaluations, index)) continue;
    matches.push({
      reference: best.reference,
      score: best.evaluation.score,
      containment: best.evaluation.containment,
      precision: best.evaluation.precision,
      startWord: first,
      endWord: last + SHINGLE_SIZE - 1,
    });
  }
  return matches.sort((left, right) => left.startWord - right.startWord);
}

function acceptable(evaluation: Evaluation, shingleCount: number): boolean {
  if (evaluation.score < MIN_SCORE) return false;
  return evaluation.distinct >= Math.min(MIN_DISTINCT, shingleCount) && (evaluation.distinct >= MIN_DISTINCT || evaluation.containment >= SHORT_REFERENCE_CONTAINMENT);
}

function pickBest(evaluations: { reference: number; evaluation: Evaluation }[]): { reference: number; evaluation: Evaluation } | undefined {
  let best: { reference: number; evaluation: Evaluation } | undefined;
  for (const candidate of evaluations) {
    if (!best) {
      best = candidate;
      continue;
    }
    const difference = candidate.evaluation.score - best.evaluation.score;
    if (
      difference > TIE ||
      (Math.abs(difference) <= TIE &&
        (candidate.evaluation.distinct > best.evaluation.distinct ||
          (candidate.evaluation.distinct === best.evaluation.distinct && difference > 0)))
    ) {
      best = candidate;
    }
  }
  return best;
}

function isAmbiguous(
  best: { reference: number; evaluation: Evaluation },
  evaluations: { reference: number; evaluation: Evaluation }[],
  index: ReferenceIndex,
): boolean {
  if (best.evaluation.containment >= PARTIAL_CONTAINMENT) return false;
  const id = index.references[best.reference]!.id;
  return evaluations.some(
    ({ reference, evaluation }) =>
      index.references[reference]!.id !== id &&
      evaluation.score >= best.evaluation.score - AMBIGUITY_MARGIN &&
      evaluation.first <= best.evaluation.last &&
      evaluation.last >= best.evaluation.first,
  );
}

/** The best region of the input for one reference, ignoring words already claimed by other matches. */
function evaluate(found: number[], covered: Uint8Array, shingles: Uint32Array, shingleCount: number): Evaluation | null {
  const free = found.filter((position) => covered[position] === 0 && covered[position + SHINGLE_SIZE - 1] === 0);
  if (free.length === 0) return null;
  const minRun = shingleCount < 4 * MIN_RUN ? 1 : MIN_RUN;
  const maxGap = Math.max(24, Math.min(200, Math.round(shingleCount * 0.15)));

  // Runs: positions no further apart than one changed word makes them.
  const kept: number[] = [];
  let runStart = 0;
  for (let at = 1; at <= free.length; at++) {
    if (at === free.length || free[at]! - free[at - 1]! > SHINGLE_SIZE + 1) {
      if (at - runStart >= minRun) for (let copy = runStart; copy < at; copy++) kept.push(free[copy]!);
      runStart = at;
    }
  }
  if (kept.length === 0) return null;

  // Clusters: runs close enough to be one copy of the license; the one with most shingles wins.
  let bestStart = 0;
  let bestEnd = 0;
  let clusterStart = 0;
  for (let at = 1; at <= kept.length; at++) {
    if (at === kept.length || kept[at]! - kept[at - 1]! > maxGap) {
      if (at - clusterStart > bestEnd - bestStart) {
        bestStart = clusterStart;
        bestEnd = at;
      }
      clusterStart = at;
    }
  }
  const distinctShingles = new Set<number>();
  for (let at = bestStart; at < bestEnd; at++) distinctShingles.add(shingles[kept[at]!]!);
  const first = kept[bestStart]!;
  const last = kept[bestEnd - 1]!;
  const containment = Math.min(1, distinctShingles.size / shingleCount);
  const precision = (bestEnd - bestStart) / (last - first + 1);
  const score = (2 * containment * precision) / (containment + precision);
  return { score, containment, precision, distinct: distinctShingles.size, first, last };
}
