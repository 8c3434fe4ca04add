package io.ringest.benchmarks;

import io.ringest.engine.DeadLetter;
import io.ringest.engine.DeadLetterSink;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Accepts dead letters and counts them; the benchmark payloads are all valid, so the count should stay 0. */
final class NoDeadLetters implements DeadLetterSink
{
    final AtomicLong count = new AtomicLong();

    @Override
    public boolean send(final List<DeadLetter> letters)
    {
        count.addAndGet(letters.size());
        return true;
    }

    @Override
    public byte[] original(final String topic, final int partition, final long offset)
    {
        throw new IllegalStateException("the benchmark sinks refuse no rows");
    }

    @Override
    public void close()
    {
    }
}
