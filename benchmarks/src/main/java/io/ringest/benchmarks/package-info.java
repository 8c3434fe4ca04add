/** JMH benchmarks of the encode path, the ring and the ClickHouse insert; run with {@code scripts/jmh.sh}. */
package io.ringest.benchmarks;
