package dev.rewire.runtime.cli;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Tells, one line each on stderr, which former option names ({@link FormerNames}) a command line
 * used and what to write instead. Stateless.
 */
final class FormerNameNotice {

    private FormerNameNotice() {
    }

    /** The notices for a parsed command line, in the order the options are declared. */
    static List<String> notices(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        List<String> args = leaf.originalArgs();
        List<String> notices = new ArrayList<>();
        for (OptionSpec option : leaf.commandSpec().options()) {
            if (!(option.userObject() instanceof Field field) || !field.isAnnotationPresent(FormerNames.class)) {
                continue;
            }
            String current = option.names()[0];
            for (String former : field.getAnnotation(FormerNames.class).value()) {
                // as its own argument (--json FILE) or with its value (--json=FILE); values that merely look
                // like the name (a file called --json) are not told apart: the notice is harmless then
                if (args.stream().anyMatch(a -> a.equals(former) || a.startsWith(former + "="))) {
                    notices.add(former + " is the former name of " + current + "; it still works, but write "
                            + current + " (the same name in every command)");
                }
            }
        }
        return notices;
    }

    static void tell(CommandLine.ParseResult parsed, PrintStream err) {
        for (String notice : notices(parsed)) {
            err.println("rewire: " + notice);
        }
    }
}
