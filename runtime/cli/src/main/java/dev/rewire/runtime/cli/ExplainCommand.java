package dev.rewire.runtime.cli;

import dev.rewire.runtime.apps.ExplainApp;
import dev.rewire.runtime.io.DataFiles;
import java.util.concurrent.Callable;



import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code rewire explain}: one scored sample's whole story, from the scored file alone (no host is started). */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains one sample of rewire score output: the rules that decided it, each term's value and "
                + "weight with the rules that set the weight, abstentions, the group statistics behind its advantage, "
                + "bundle versions, policy hash and configuration.",
                "Give the --normalize/--epsilon/--clip options the file was scored with (the defaults are score's) to "
                        + "recompute its advantage; a mismatch with the recorded one is pointed out.",
                "Exit status: 0 explained; 1 failure (I/O); 2 usage, or no readable record has the id."})
final class ExplainCommand implements Callable<Integer> {

    @ParentCommand
    RewireCommand parent;

    @Mixin
    ScoringMixin scoring;

    @Parameters(index = "0", paramLabel = "ID", description = "The sample id.")
    String id;

    @FileRole(FileRole.Kind.READ)
    @Option(names = "--in", required = true, paramLabel = "FILE|-", description = "rewire score output (JSONL, .gz read "
            + "as gzip, or Parquet); - for stdin.")
    String in;

    @Option(names = "--json", description = "Print the trace as JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return new ExplainApp(parent.data, System.err)
                .run(new ExplainApp.Request(id, DataFiles.input("--in", in), scoring.options(), json));
    }
}
