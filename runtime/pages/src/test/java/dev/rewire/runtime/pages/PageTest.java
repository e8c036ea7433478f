package dev.rewire.runtime.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void escapesTextForContentAndAttributesQuotesIncluded() {
        assertEquals("a &amp; b &lt;i&gt; &quot;q&quot; 'x'", Page.esc("a & b <i> \"q\" 'x'"));
        assertEquals("", Page.esc(null));
    }

    @Test
    void everyFormatSpellsAMissingNumberOneWay() {
        for (String none : new String[] {Page.number(Double.NaN), Page.signed(Double.POSITIVE_INFINITY),
                Page.percent(Double.NaN, 2), Page.decimals(null, 3), Page.decimals(Double.NaN, 3), Page.pValue(Double.NaN)}) {
            assertEquals("n/a", none);
        }
        assertEquals("n/a", Page.NO_VALUE);
    }

    @Test
    void numbers() {
        assertEquals("0.1235", Page.number(0.123456));
        assertEquals("1.000e+05", Page.number(100000));
        assertEquals("+0.01000", Page.signed(0.01));
        assertEquals("-2.500", Page.signed(-2.5));
        assertEquals("50.00%", Page.percent(0.5, 2));
        assertEquals("0.333", Page.decimals(1 / 3.0, 3));
        assertEquals("0.042", Page.pValue(0.042));
        assertEquals("1.9e-06", Page.pValue(2 * Math.pow(0.5, 20)));
        assertEquals("3", Page.tick(3.0));
        assertEquals("0.1235", Page.tick(0.123456));
    }
}
