// checkpoint-inspector: the headless CLI over the same services as the app.
import { parseArgs, type ParsedArgs } from './cli/args';
import { inspect, search, strings } from './cli/commands';
import { formatInspect, formatSearch, formatStrings } from './cli/text-output';
import { describeError, InspectorError } from './errors';
import { createServices } from './services';

const USAGE = `usage:
  checkpoint-inspector inspect ARCHIVE [--json]
  checkpoint-inspector search ARCHIVE PATTERN [--encoding ascii|utf16le|hex|regex[,...]] [--ignore-case] [--pid N] [--context N] [--json]
  checkpoint-inspector strings ARCHIVE --pid N [--min 6] [--filter TEXT] [--json]
ARCHIVE is a checkpoint tar (plain, gzip or zstd) or a folder of CRIU images. Nothing is written to it.`;

const COMMANDS = {
  inspect: { run: (s, id) => inspect(s, id), text: formatInspect },
  search: { run: (s, id, a) => search(s, id, a), text: formatSearch },
  strings: { run: (s, id, a) => strings(s, id, a), text: formatStrings },
} satisfies Record<
  string,
  { run: (s: ReturnType<typeof createServices>, id: string, a: ParsedArgs) => Promise<unknown>; text: (r: never) => string }
>;

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === 'help' || args.flags.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = COMMANDS[args.command as keyof typeof COMMANDS];
  if (!command) throw new InspectorError(`unknown command ${JSON.stringify(args.command)}; try --help`);
  const archivePath = args.positionals[0];
  if (!archivePath) throw new InspectorError(`${args.command} needs an ARCHIVE`);

  const services = createServices({
    chooseArchive: async () => null,
    chooseExportFolder: async () => null,
    chooseSaveFile: async () => null,
    startupPaths: () => [],
    recent: { list: () => [], add: () => undefined },
  });
  try {
    const { id } = await services.openArchive(archivePath);
    const result = await command.run(services, id, args);
    const text = args.flags.has('json') ? JSON.stringify(result, null, 2) : command.text(result as never);
    process.stdout.write(`${text}\n`);
    return 0;
  } finally {
    await services.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`checkpoint-inspector: ${describeError(error).split('\n')[0]}\n`);
    process.exit(1);
  },
);
