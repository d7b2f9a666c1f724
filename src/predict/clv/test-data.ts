/**
 * Where tests and benchmarks find the shared CDNOW data: ../shared/data/cdnow relative
 * to the repository root, which is three levels above this folder. The data is read
 * in place and never copied into the repository.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CDNOW_DIR = path.resolve(REPO_ROOT, '../shared/data/cdnow');
export const cdnowFile = (name: string): string => path.join(CDNOW_DIR, name);

/** Calibration end and holdout end of the published CDNOW analyses (39 + 39 weeks). */
export const CDNOW_CALIBRATION_END = '1997-09-30';
export const CDNOW_HOLDOUT_END = '1998-06-30';
