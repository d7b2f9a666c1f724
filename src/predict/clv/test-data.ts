/**
 * Where tests find the CDNOW data: test/data/cdnow in the repository (the 2,357-customer
 * sample and its published summaries; see test/data/README.md).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const cdnowFile = (name: string): string => path.join(REPO_ROOT, 'test/data/cdnow', name);

/** Calibration end and holdout end of the published CDNOW analyses (39 + 39 weeks). */
export const CDNOW_CALIBRATION_END = '1997-09-30';
export const CDNOW_HOLDOUT_END = '1998-06-30';
