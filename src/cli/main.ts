import { Command, CommanderError } from 'commander';
import { registerServerCommands } from './server-commands.ts';
import { registerImportCommands } from '../imports/cli.ts';
import { registerDemoCommands } from '../demo/cli.ts';
import { registerPredictCommands } from '../predict/cli.ts';
import { registerInsightsCommands } from '../insights/cli.ts';

// One program, one `register…Commands` call per domain that has commands.
const program = new Command('touchpoint')
  .description('Touchpoint: customer service and customer experience on one spine, the customer journey.')
  .showHelpAfterError()
  .exitOverride();

registerServerCommands(program);
registerImportCommands(program);
registerDemoCommands(program);
registerPredictCommands(program);
registerInsightsCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  console.error(`touchpoint: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
