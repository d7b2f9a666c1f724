import fs from 'node:fs';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/client.ts';
import { readCsv } from '../platform/csv.ts';
import { repairJson } from '../platform/text.ts';
import { offlineServiceDeps } from '../service/offline-deps.ts';
import { importReviews, type ReviewImportSummary } from './reviews.ts';

// `touchpoint import reviews FILE`: a CSV (one review per row) or JSON (an array,
// or {"reviews": [...]}) of reviews as the API takes them. Valid reviews are
// stored; invalid ones are listed with their line (CSV) or position (JSON).

const optional = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** A CSV row as the API's review: source, external_id, rating, scale, title, text, author, url, posted_at, email, user_id, kind. */
export function reviewFromRow(values: Record<string, string>): Record<string, unknown> {
  const number = (v: string | undefined) => (optional(v) === undefined ? undefined : Number(v));
  const email = optional(values.email);
  const userId = optional(values.user_id);
  return {
    kind: optional(values.kind),
    source: optional(values.source),
    externalId: optional(values.external_id ?? values.id),
    rating: number(values.rating ?? values.stars),
    scale: number(values.scale),
    title: optional(values.title),
    text: optional(values.text ?? values.body),
    author: optional(values.author),
    url: optional(values.url),
    postedAt: optional(values.posted_at ?? values.date),
    ...(email || userId ? { customer: { ...(email ? { email } : {}), ...(userId ? { userId } : {}) } } : {}),
  };
}

export async function importReviewFile(db: Db, config: Config, workspaceId: string, file: string): Promise<ReviewImportSummary & { file: string }> {
  let items: unknown[];
  const lines: number[] = [];
  if (/\.json$/i.test(file)) {
    const parsed = repairJson(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
    items = Array.isArray(parsed) ? parsed : ((parsed as { reviews?: unknown[] })?.reviews ?? []);
    if (!Array.isArray(items)) throw new Error('The JSON file must hold an array of reviews, or {"reviews": [...]}');
  } else {
    items = [];
    for await (const row of readCsv(file, { requiredColumns: ['source'] })) {
      items.push(reviewFromRow(row.values));
      lines.push(row.line);
    }
  }
  const deps = offlineServiceDeps(db, config);
  const { summary } = await db.transaction((tx) => importReviews(tx, deps, workspaceId, items));
  // CSV errors say the line, as the other imports do; JSON errors the position in the array.
  return { file, ...summary, errors: summary.errors.map((e) => ({ ...e, ...(lines.length ? { line: lines[e.item] } : {}) })) };
}
