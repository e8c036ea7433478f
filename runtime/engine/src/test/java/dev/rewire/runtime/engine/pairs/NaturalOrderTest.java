package dev.rewire.runtime.engine.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

    @Test
    void numbersInNamesCompareAsNumbers() {
        List<String> names = new ArrayList<>(List.of("genuine-10", "speeder-0", "genuine-2", "genuine-1", "a01", "a1",
                "genuine", "Genuine-3", "x99999999999999999999", "x100000000000000000000"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("Genuine-3", "a01", "a1", "genuine", "genuine-1", "genuine-2", "genuine-10", "speeder-0",
                "x99999999999999999999", "x100000000000000000000"), names);
    }
}
