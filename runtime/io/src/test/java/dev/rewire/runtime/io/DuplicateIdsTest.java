package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The duplicate check's window, and the window a checkpoint saves: as it stood at a line read earlier. */
class DuplicateIdsTest {

    private static boolean rejected(DuplicateIds ids, String id, long line) {
        return ids.check(new DecodedLine<>(line, "{}", "x", id, null)).rejected();
    }

    @Test
    void aRepeatedIdIsRejectedWithinTheWindowOnly() {
        DuplicateIds ids = new DuplicateIds(3, 3);
        for (int i = 1; i <= 3; i++) {
            rejected(ids, "a" + i, i);
        }
        assertEquals(true, rejected(ids, "a1", 4), "3 ids back: within the window");
        rejected(ids, "a4", 5);
        assertEquals(false, rejected(ids, "a1", 6), "4 ids back: out of the window, though still kept (slack)");
        assertEquals(true, rejected(ids, "a1", 7), "remembered anew at line 6");
    }

    @Test
    void theSavedWindowAtAnEarlierLineMakesAResumedCheckJudgeAsTheUninterruptedOne() {
        DuplicateIds uninterrupted = new DuplicateIds(4, 4);
        DuplicateIds killed = new DuplicateIds(4, 4);
        List<String> stream = List.of("a", "b", "c", "d", "e", "f", "b", "c", "e", "g", "f", "d", "h");
        // the killed run read up to line 9 and checkpointed at line 6 (lines 7-9 are read again on resume);
        // lines 7 and 8 remembered b and c anew, which must not change the window saved as of line 6
        for (int line = 1; line <= 9; line++) {
            rejected(killed, stream.get(line - 1), line);
        }
        List<Map.Entry<String, Long>> saved = killed.through(6);
        assertEquals(List.of("c", "d", "e", "f"), saved.stream().map(Map.Entry::getKey).toList());
        DuplicateIds resumed = new DuplicateIds(4, 4);
        resumed.restore(saved);
        List<Boolean> expected = new ArrayList<>();
        List<Boolean> actual = new ArrayList<>();
        for (int line = 1; line <= stream.size(); line++) {
            boolean r = rejected(uninterrupted, stream.get(line - 1), line);
            if (line > 6) {
                expected.add(r);
                actual.add(rejected(resumed, stream.get(line - 1), line));
            }
        }
        assertEquals(expected, actual);
        assertEquals(List.of(false, false, true, false, true, false, false), actual, "e and f within the window, the others not");
    }
}
