package dev.rewire.runtime.cli;

import dev.rewire.runtime.io.DataFiles;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The one check of every command's output options against its input options, before the command
 * runs: an output that is an input (by path, or the same file by a link) would empty it before it is
 * read; two outputs that are one file would overwrite each other. Options take part by their
 * {@link FileRole}; {@code -} (stdin, stdout) never clashes.
 */
final class FileRoles {

    private FileRoles() {
    }

    /** @throws IllegalArgumentException naming both options when a written file is a read one, or written twice */
    static void refuseClashes(CommandLine.ParseResult parsed) throws IOException {
        CommandLine.ParseResult leaf = parsed;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        List<Named> read = new ArrayList<>();
        List<Named> written = new ArrayList<>();
        for (OptionSpec option : leaf.commandSpec().options()) {
            if (!(option.userObject() instanceof Field field) || !field.isAnnotationPresent(FileRole.class)) {
                continue;
            }
            for (Path p : paths(option.getValue())) {
                Named n = new Named(option.longestName(), p);
                (field.getAnnotation(FileRole.class).value() == FileRole.Kind.READ ? read : written).add(n);
            }
        }
        for (int i = 0; i < written.size(); i++) {
            Named out = written.get(i);
            for (Named in : read) {
                if (DataFiles.same(out.path, in.path)) {
                    throw new IllegalArgumentException(out.option + " " + out.path + " is the input file"
                            + (in.option.equals("--in") ? "" : " of " + in.option) + "; it would be emptied before it "
                            + "is read: write elsewhere");
                }
            }
            for (Named other : written.subList(0, i)) {
                if (DataFiles.same(out.path, other.path)) {
                    throw new IllegalArgumentException(out.option + " " + out.path + " is also " + other.option
                            + "; one would overwrite the other: give each its own file");
                }
            }
        }
    }

    private record Named(String option, Path path) {
    }

    private static List<Path> paths(Object value) {
        List<Path> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(v -> out.addAll(paths(v)));
        } else if (value instanceof Path p) {
            out.add(p);
        } else if (value instanceof String s && !s.isEmpty() && !s.equals("-")) {
            out.add(Path.of(s));
        }
        return out;
    }
}
