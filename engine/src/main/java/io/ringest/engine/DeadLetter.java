package io.ringest.engine;

/** A record that could not become a row: its original bytes, where it came from and why. */
public record DeadLetter(String topic, int partition, long offset, byte[] value, String reason)
{
}
