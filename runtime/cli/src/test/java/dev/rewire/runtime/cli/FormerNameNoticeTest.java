package dev.rewire.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * One name per output in every command: {@code --report} the HTML page, {@code --report-json} its
 * JSON. The former names still fill the same option and are told once on stderr.
 */
class FormerNameNoticeTest {

    private static CommandLine.ParseResult parse(String... args) {
        CommandLine cli = new CommandLine(new RewireCommand(new PrintStream(PrintStream.nullOutputStream())));
        cli.setCaseInsensitiveEnumValuesAllowed(true); // as Main sets it
        return cli.parseArgs(args);
    }

    private static Object command(CommandLine.ParseResult parsed) {
        return parsed.subcommand().commandSpec().userObject();
    }

    private static String notice(String former, String current) {
        return former + " is the former name of " + current + "; it still works, but write " + current
                + " (the same name in every command)";
    }

    @Test
    void theCurrentNamesSayNothing() {
        assertEquals(List.of(), FormerNameNotice.notices(parse("check", "--in", "s.jsonl", "--report", "r.html",
                "--report-json", "r.json")));
        assertEquals(List.of(), FormerNameNotice.notices(parse("diff", "--scored", "a", "b", "--report", "d.html",
                "--report-json", "-")));
        assertEquals(List.of(), FormerNameNotice.notices(parse("pairs", "--in", "p.jsonl", "--out", "w.jsonl",
                "--report-json", "r.json")));
        assertEquals(List.of(), FormerNameNotice.notices(parse("explain", "--in", "s.jsonl", "--json", "s1")),
                "explain's --json prints JSON: another option, not a former name");
    }

    @Test
    void theFormerNamesFillTheSameOptionAndAreTold() {
        CommandLine.ParseResult check = parse("check", "--in", "s.jsonl", "--json", "r.json");
        assertEquals(Path.of("r.json"), ((CheckCommand) command(check)).json);
        assertEquals(List.of(notice("--json", "--report-json")), FormerNameNotice.notices(check));

        CommandLine.ParseResult pairs = parse("pairs", "--in", "p.jsonl", "--out", "w.jsonl", "--json=r.json");
        assertEquals(Path.of("r.json"), ((PairsCommand) command(pairs)).json);
        assertEquals(List.of(notice("--json", "--report-json")), FormerNameNotice.notices(pairs));

        CommandLine.ParseResult diff = parse("diff", "--scored", "a", "b", "--html", "d.html", "--json", "-");
        assertEquals(Path.of("d.html"), ((DiffCommand) command(diff)).html);
        assertEquals("-", ((DiffCommand) command(diff)).json);
        assertEquals(List.of(notice("--html", "--report"), notice("--json", "--report-json")),
                FormerNameNotice.notices(diff));
    }
}
