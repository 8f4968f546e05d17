// Full-text matching. Candidates come from the inverted shingle index (a reference needs a third of
// its shingles in the text); each candidate's positions split into regions (one per copy of the
// license), each scored by the Dice of containment (share of the reference's shingles found there)
// and precision (share of the region's shingles that are the reference's). The best region claims
// its words, the regions it overlapped are scored again without them, and so on: one file can hold
// several licenses, and a near relative only wins where it fits better.

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

const MIN_SCORE = 0.5;
/** Below this containment the score cannot reach MIN_SCORE (Dice with a precision of at most 1). */
const CANDIDATE_SHARE = MIN_SCORE / (2 - MIN_SCORE);
/** Below this many matched shingles a match also needs nearly all of its (short) reference. */
const MIN_DISTINCT = 20;
const SHORT_REFERENCE_CONTAINMENT = 0.9;
/** Scores this close count as a tie, broken by the larger number of matched shingles. */
const TIE = 0.002;
/** The same, between two references of one id (a text and its variant without the appendix). */
const SAME_ID_TIE = 0.02;
/** A partial match (truncated text) is dropped when another license scores nearly as well there. */
const PARTIAL_CONTAINMENT = 0.8;
const AMBIGUITY_MARGIN = 0.08;
/** Matched shingles from which an ambiguous partial match is still reported (at a low confidence). */
const LONG_PART = 300;
const SAME_WORDS_SHARE = 0.9;
/** A standard header ranks this much below a full text of equal score (the GPL's appendix holds its notice). */
const HEADER_HANDICAP = 0.05;
/** An unmatched position inside a region costs this many matched ones. */
const GAP_WEIGHT = 2;

/** Per-input scratch space for counting distinct shingles without allocating. */
interface Scratch {
  ids: Int32Array;
  stamps: Uint32Array;
  stamp: number;
}

interface Evaluation {
  score: number;
  containment: number;
  precision: number;
  distinct: number;
  /** First and last matched shingle position of the region. */
  first: number;
  last: number;
}

/** One region of the input where one reference is found: `found[low..high)` are its positions. */
interface Region {
  reference: number;
  low: number;
  high: number;
  evaluation: Evaluation;
}

export function matchReferences(index: ReferenceIndex, shingles: Uint32Array, wordCount: number): ReferenceMatch[] {
  const { references, offsets, postings } = index;
  const keys = new Int32Array(shingles.length);
  const hits = new Uint32Array(references.length);
  for (let position = 0; position < shingles.length; position++) {
    const key = index.keyOf(shingles[position]!);
    keys[position] = key;
    if (key < 0) continue;
    for (let at = offsets[key]!, end = offsets[key + 1]!; at < end; at++) hits[postings[at]!]!++;
  }
  // Each candidate's positions, in a typed array sized by its hit count (filled by a second pass).
  const lists: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(references.length);
  const positions = new Map<number, Uint32Array>();
  references.forEach((reference, at) => {
    if (hits[at]! >= Math.max(Math.min(3, reference.shingleCount), Math.ceil(CANDIDATE_SHARE * reference.shingleCount))) {
      lists[at] = new Uint32Array(hits[at]!);
      positions.set(at, lists[at]);
    }
  });
  if (positions.size === 0) return [];
  const filled = new Uint32Array(references.length);
  for (let position = 0; position < shingles.length; position++) {
    const key = keys[position]!;
    if (key < 0) continue;
    for (let at = offsets[key]!, end = offsets[key + 1]!; at < end; at++) {
      const reference = postings[at]!;
      const list = lists[reference];
      if (list !== undefined) list[filled[reference]!++] = position;
    }
  }
  // The same shingle at several positions gets one small id, so "seen" checks are array lookups.
  const distinctIds = new Int32Array(shingles.length);
  const idOf = new Map<number, number>();
  for (let position = 0; position < shingles.length; position++) {
    const shingle = shingles[position]!;
    let id = idOf.get(shingle);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(shingle, id);
    }
    distinctIds[position] = id;
  }
  const scratch: Scratch = { ids: distinctIds, stamps: new Uint32Array(idOf.size), stamp: 0 };

  const covered = new Uint8Array(wordCount);
  const regions: Region[] = [];
  for (const [reference, found] of positions) {
    regions.push(...decompose(reference, found, 0, found.length, covered, scratch, references[reference]!.shingleCount));
  }
  const context: ClaimContext = { index, positions, keys, covered, scratch };
  const matches: ReferenceMatch[] = [];
  // Regions that do not overlap never affect each other: each group is claimed on its own, which
  // keeps a file with hundreds of bundled license copies linear instead of quadratic.
  for (const group of overlappingGroups(regions, positions)) matches.push(...claimRegions(group, context));
  return matches.sort((left, right) => left.startWord - right.startWord);
}

interface ClaimContext {
  index: ReferenceIndex;
  positions: Map<number, Uint32Array>;
  keys: Int32Array;
  covered: Uint8Array;
  scratch: Scratch;
}

/**
 * The greedy claim: the best acceptable region claims its words, the regions it overlapped are
 * scored again without them, and so on until no region is acceptable.
 */
function claimRegions(initial: Region[], context: ClaimContext): ReferenceMatch[] {
  const { index, positions, keys, covered } = context;
  const { references } = index;
  let regions = initial;
  const matches: ReferenceMatch[] = [];
  for (;;) {
    const best = pickBest(
      regions.filter((region) => acceptable(region.evaluation, references[region.reference]!.shingleCount)),
      index,
    );
    if (!best) break;
    const { first, last } = best.evaluation;
    covered.fill(1, first, last + SHINGLE_SIZE);
    const ambiguous = isAmbiguous(best, regions, { index, found: positions.get(best.reference)!, keys });
    // A long part of a long license (a truncated GPL, say) also fits its relatives that share that
    // part (AGPL, SSPL), but the best fit is still the likeliest: it is reported. A short shared part
    // (a disclaimer) is not.
    if (!ambiguous || best.evaluation.distinct >= LONG_PART) {
      matches.push({
        reference: best.reference,
        // A part of a license (a truncated file) claims no more confidence than the share found.
        score: best.evaluation.containment < PARTIAL_CONTAINMENT ? Math.min(best.evaluation.score, best.evaluation.containment) : best.evaluation.score,
        containment: best.evaluation.containment,
        precision: best.evaluation.precision,
        startWord: first,
        endWord: last + SHINGLE_SIZE - 1,
      });
    }
    // Only regions with shingles in the newly covered words change. Each is decomposed again
    // together with its neighbours of the same reference: what is left of one can join the next
    // (a copy of a short license right after a longer relative that contains it).
    const isAffected = (region: Region): boolean =>
      region === best || (region.evaluation.first < last + SHINGLE_SIZE && region.evaluation.last > first - SHINGLE_SIZE);
    const changed = new Map<number, Region[]>();
    for (const region of regions) if (isAffected(region)) changed.set(region.reference, []);
    for (const region of regions) changed.get(region.reference)?.push(region);
    const next: Region[] = [];
    for (const region of regions) {
      const own = changed.get(region.reference);
      if (!own) next.push(region);
      else if (own[0] === region) next.push(...redecompose(region.reference, own, best, isAffected, context));
    }
    regions = next;
  }
  return matches;
}

/**
 * One reference's regions after a claim: the claimed region goes (all its words are covered now),
 * the others it overlapped are merged with their neighbours and decomposed again.
 */
function redecompose(reference: number, regions: Region[], claimed: Region, isOverlapped: (region: Region) => boolean, context: ClaimContext): Region[] {
  const own = [...regions].sort((a, b) => a.low - b.low);
  const affected = own.map((region) => region !== claimed && isOverlapped(region));
  const included = own.map((_, at) => affected[at] === true || affected[at - 1] === true || affected[at + 1] === true);
  const found = context.positions.get(reference)!;
  const shingleCount = context.index.references[reference]!.shingleCount;
  const result: Region[] = [];
  for (let at = 0; at < own.length; ) {
    if (!included[at]) {
      if (own[at] !== claimed) result.push(own[at]!);
      at++;
      continue;
    }
    let end = at;
    while (end + 1 < own.length && included[end + 1]) end++;
    result.push(...decompose(reference, found, own[at]!.low, own[end]!.high, context.covered, context.scratch, shingleCount));
    at = end + 1;
  }
  return result;
}

/**
 * Regions split into groups whose spans (every position a region or its re-scored parts can reach,
 * widened by a shingle, as the claim loop's overlap test is) do not overlap; each group keeps the
 * regions' order.
 */
function overlappingGroups(regions: Region[], positions: Map<number, Uint32Array>): Region[][] {
  const spans = regions.map((region, order) => {
    const found = positions.get(region.reference)!;
    return { order, start: found[region.low]!, end: found[region.high - 1]! + SHINGLE_SIZE };
  });
  spans.sort((a, b) => a.start - b.start || a.order - b.order);
  const groups: Region[][] = [];
  let members: number[] = [];
  let end = -Infinity;
  for (const span of spans) {
    if (members.length > 0 && span.start >= end + SHINGLE_SIZE) {
      groups.push(members.sort((a, b) => a - b).map((order) => regions[order]!));
      members = [];
    }
    members.push(span.order);
    end = Math.max(end, span.end);
  }
  if (members.length > 0) groups.push(members.sort((a, b) => a - b).map((order) => regions[order]!));
  return groups;
}

/**
 * Every region of `found[low..high)` that could score, by maximum subarray over the positions:
 * matched positions count +1, a gap longer than one changed word costs GAP_WEIGHT per missing
 * position, and a shingle already counted in the stretch counts 0 (so a second copy of the license
 * does not extend the first). A stretch ends where its value falls to zero; its best prefix is a
 * region, and the search starts again right after that prefix.
 */
function decompose(
  reference: number,
  found: Uint32Array,
  low: number,
  high: number,
  covered: Uint8Array,
  scratch: Scratch,
  shingleCount: number,
): Region[] {
  const minimum = CANDIDATE_SHARE * shingleCount;
  const regions: Region[] = [];
  let from = low;
  while (high - from >= minimum) {
    const stamp = ++scratch.stamp;
    let value = 0;
    let previous = -1;
    let stretchLow = -1;
    let bestValue = 0;
    let bestHigh = -1;
    for (let at = from; at < high; at++) {
      const position = found[at]!;
      if (covered[position] === 1 || covered[position + SHINGLE_SIZE - 1] === 1) continue;
      if (stretchLow < 0) {
        stretchLow = at;
      } else {
        const gap = position - previous - 1;
        value -= gap <= SHINGLE_SIZE ? gap : GAP_WEIGHT * gap;
        if (value <= 0) break;
      }
      const id = scratch.ids[position]!;
      if (scratch.stamps[id] !== stamp) {
        scratch.stamps[id] = stamp;
        value++;
      }
      previous = position;
      if (value > bestValue) {
        bestValue = value;
        bestHigh = at + 1;
      }
    }
    if (stretchLow < 0) break;
    if (bestHigh - stretchLow >= minimum) {
      const evaluation = evaluateRange(found, stretchLow, bestHigh, covered, scratch, shingleCount);
      if (evaluation) regions.push({ reference, low: stretchLow, high: bestHigh, evaluation });
    }
    from = bestHigh;
  }
  return regions;
}

function evaluateRange(
  found: Uint32Array,
  low: number,
  high: number,
  covered: Uint8Array,
  scratch: Scratch,
  shingleCount: number,
): Evaluation | null {
  const stamp = ++scratch.stamp;
  let distinct = 0;
  let matched = 0;
  let first = -1;
  let last = -1;
  for (let at = low; at < high; at++) {
    const position = found[at]!;
    if (covered[position] === 1 || covered[position + SHINGLE_SIZE - 1] === 1) continue;
    const id = scratch.ids[position]!;
    if (scratch.stamps[id] !== stamp) {
      scratch.stamps[id] = stamp;
      distinct++;
    }
    matched++;
    if (first < 0) first = position;
    last = position;
  }
  const containment = Math.min(1, distinct / shingleCount);
  if (containment < CANDIDATE_SHARE) return null;
  const precision = matched / (last - first + 1);
  const score = (2 * containment * precision) / (containment + precision);
  return { score, containment, precision, distinct, first, last };
}

function acceptable(evaluation: Evaluation, shingleCount: number): boolean {
  if (evaluation.score < MIN_SCORE) return false;
  return evaluation.distinct >= Math.min(MIN_DISTINCT, shingleCount) && (evaluation.distinct >= MIN_DISTINCT || evaluation.containment >= SHORT_REFERENCE_CONTAINMENT);
}

function pickBest(regions: Region[], index: ReferenceIndex): Region | undefined {
  let best: Region | undefined;
  for (const candidate of regions) {
    if (!best) {
      best = candidate;
      continue;
    }
    const rank = (region: Region): number => region.evaluation.score - (index.references[region.reference]!.header ? HEADER_HANDICAP : 0);
    const difference = rank(candidate) - rank(best);
    const tie = index.references[candidate.reference]!.id === index.references[best.reference]!.id ? SAME_ID_TIE : TIE;
    if (
      difference > tie ||
      (Math.abs(difference) <= tie &&
        (candidate.evaluation.distinct > best.evaluation.distinct ||
          (candidate.evaluation.distinct === best.evaluation.distinct && difference > 0)))
    ) {
      best = candidate;
    }
  }
  return best;
}

/**
 * A partial match (a truncated text, say) names no license when another license fits the same words
 * about as well: by score, or by holding nearly all of the matched shingles too (the truncated start
 * of a long BSD variant is also all of a short one).
 */
function isAmbiguous(best: Region, regions: Region[], context: { index: ReferenceIndex; found: Uint32Array; keys: Int32Array }): boolean {
  if (best.evaluation.containment >= PARTIAL_CONTAINMENT) return false;
  const { index, found, keys } = context;
  const id = index.references[best.reference]!.id;
  const rival = regions.some(
    ({ reference, evaluation }) =>
      index.references[reference]!.id !== id &&
      evaluation.first <= best.evaluation.last &&
      evaluation.last >= best.evaluation.first &&
      evaluation.score >= best.evaluation.score - AMBIGUITY_MARGIN,
  );
  if (rival) return true;
  const shared = new Map<number, number>();
  for (let at = best.low; at < best.high; at++) {
    const key = keys[found[at]!]!;
    for (let posting = index.offsets[key]!; posting < index.offsets[key + 1]!; posting++) {
      const reference = index.postings[posting]!;
      shared.set(reference, (shared.get(reference) ?? 0) + 1);
    }
  }
  const own = best.high - best.low;
  for (const [reference, count] of shared) {
    if (index.references[reference]!.id !== id && count >= SAME_WORDS_SHARE * own) return true;
  }
  return false;
}
