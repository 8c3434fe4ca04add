/**
 * The end-to-end race's "naive Java" contender: what a competent developer writes in an afternoon with one
 * {@code KafkaConsumer}, Jackson and client-v2's POJO insert; run by {@code scripts/bench.sh}.
 */
package io.ringest.benchmarks.naive;
