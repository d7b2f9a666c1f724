import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UCI_FILES } from '../../src/insights/text/sentiment-data.ts';

// Where benchmarks and scripts find the full open data sets: the folder named by
// TOUCHPOINT_DATA, by default ../shared/data next to the repository. Tests never
// read it; the small subsets they need are in test/data/.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OPEN_DATA_DIR = path.resolve(ROOT, process.env.TOUCHPOINT_DATA || '../shared/data');

/** Where each data set comes from, said when one of its files is missing. */
const SOURCES: Record<string, string> = {
  cdnow: 'CDNOW (Fader, Hardie & Lee 2005; MIT-licensed copy), from https://github.com/CamDavidsonPilon/lifetimes, lifetimes/datasets/',
  banking77: 'BANKING77 (CC BY 4.0), from https://github.com/PolyAI-LDN/task-specific-datasets, banking_data/train.csv',
  'uci-sentiment': 'Sentiment Labelled Sentences (CC BY 4.0), from https://archive.ics.uci.edu/dataset/331/sentiment+labelled+sentences',
  'bitext-customer-support': 'Bitext customer support (CDLA-Sharing-1.0), from https://github.com/bitext/customer-support-intent-detection-training-dataset',
};

/** The full paths of `files` ('banking77/train.csv', …) under `dir`; when any is missing, says which, and where to get it, and exits. */
export function openDataFiles(files: string[], dir = OPEN_DATA_DIR): string[] {
  const paths = files.map((file) => path.join(dir, file));
  const missing = files.filter((_, i) => !fs.existsSync(paths[i]!));
  if (missing.length === 0) return paths;
  const sets = [...new Set(missing.map((file) => file.split('/')[0]!))];
  console.error(
    [
      'Missing open data:',
      ...missing.map((file) => `  ${path.join(dir, file)}`),
      ...sets.map((set) => `${set}/: ${SOURCES[set] ?? 'see README.md'}`),
      `Set TOUCHPOINT_DATA to the folder that holds ${sets.map((s) => `${s}/`).join(', ')} (now ${dir}; by default ../shared/data, relative to the repository).`,
    ].join('\n'),
  );
  process.exit(2);
}

export const openDataFile = (file: string): string => openDataFiles([file])[0]!;

/** The folder holding what the bundled sentiment model learns from (UCI sentences, BANKING77, Bitext), checked. */
export function openSentimentData(dir = OPEN_DATA_DIR): string {
  openDataFiles([...UCI_FILES.map(([, file]) => `uci-sentiment/${file}`), 'banking77/train.csv', 'bitext-customer-support/train.csv'], dir);
  return dir;
}
