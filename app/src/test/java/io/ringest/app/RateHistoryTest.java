package io.ringest.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class RateHistoryTest
{
    @Test
    void shouldKeepTheLastRatesOldestFirst()
    {
        final RateHistory history = new RateHistory(3);
        assertArrayEquals(new double[0], history.last());
        history.add(1);
        history.add(2);
        assertArrayEquals(new double[] {1, 2}, history.last());
        history.add(3);
        history.add(4);
        history.add(5);
        assertArrayEquals(new double[] {3, 4, 5}, history.last());
    }
}
