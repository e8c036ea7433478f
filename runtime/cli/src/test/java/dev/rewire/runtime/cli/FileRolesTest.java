package dev.rewire.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** Every output option of every command is checked against the inputs, by one check. */
class FileRolesTest {

    private static CommandLine cli() {
        CommandLine cli = new CommandLine(new RewireCommand(new PrintStream(PrintStream.nullOutputStream())));
        cli.setCaseInsensitiveEnumValuesAllowed(true); // as Main sets it
        return cli;
    }

    private static void check(String... args) throws Exception {
        FileRoles.refuseClashes(cli().parseArgs(args));
    }

    @Test
    void everyOutputOptionThatNamesTheInputIsRefused(@TempDir Path work) throws Exception {
        Path in = Files.writeString(work.resolve("in.jsonl"), "{}\n");
        String i = in.toString();
        String[][] cases = {
            {"score", "--in", i, "--out", "o.jsonl", "--stats", i},
            {"score", "--in", i, "--out", "o.jsonl", "--report", i},
            {"score", "--in", i, "--out", "o.jsonl", "--report-json", i},
            {"score", "--in", i, "--out", "o.jsonl", "--shadow-policy", "p", "--shadow-out", i},
            {"score", "--in", i, "--out", "o.jsonl", "--shadow-policy", "p", "--promotion-audit", i},
            {"score", "--in", i, "--out", i},
            {"score", "--in", i, "--out", "o.jsonl", "--rejects", i},
            {"pairs", "--in", i, "--out", "o.jsonl", "--report-json", i},
            {"pairs", "--in", i, "--out", "o.jsonl", "--report", i},
            {"pairs", "--in", "x.jsonl", "--out", "o.jsonl", "--truth", i, "--report", i},
            {"check", "--in", i, "--report-json", i},
            {"check", "--in", i, "--report", i},
            {"check", "--in", "x.jsonl", "--baseline", i, "--json", i},
            {"diff", "--scored", i, "b.jsonl", "--report", i}};
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check(c), String.join(" ", c));
            assertTrue(e.getMessage().contains(" is the input file") && e.getMessage().contains("it would be emptied"),
                    e.getMessage());
        }
        Path link = work.resolve("link.jsonl");
        Files.createSymbolicLink(link, in);
        IllegalArgumentException byLink = assertThrows(IllegalArgumentException.class,
                () -> check("score", "--in", i, "--out", "o.jsonl", "--stats", link.toString()));
        assertEquals("--stats " + link + " is the input file; it would be emptied before it is read: write elsewhere",
                byLink.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> check("score", "--in", i, "--out", "o.jsonl", "--report-json", "o.jsonl"));
        assertEquals("--report-json o.jsonl is also --out; one would overwrite the other: give each its own file",
                twice.getMessage());
        assertDoesNotThrow(() -> check("score", "--in", "-", "--out", "-", "--stats", "s.json"));
        assertDoesNotThrow(() -> check("score", "--in", i, "--out", "o.jsonl", "--stats", "s.json", "--report", "r.html"));
    }

    /** The structure that makes the check whole: an option that names a file says what is done with it. */
    @Test
    void everyFileOptionOfEveryCommandHasARole() {
        List<String> missing = new ArrayList<>();
        for (CommandLine sub : cli().getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                boolean names = o.paramLabel().contains("FILE");
                boolean hasRole = o.userObject() instanceof Field f && f.isAnnotationPresent(FileRole.class);
                if (names && !hasRole) {
                    missing.add(sub.getCommandName() + " " + o.longestName());
                }
            }
        }
        assertEquals(List.of(), missing, "file options without a @FileRole");
    }
}
