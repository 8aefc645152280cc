package io.batchpulse.bench;

/** One benchmark scenario: runs against the stack and returns its table (never throws for "not available"). */
interface Scenario {

    String name();

    ResultTable run(BenchContext context);
}
