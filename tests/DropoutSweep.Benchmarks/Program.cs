// CONTRACT STUB: replaced by the benchmark work (BenchmarkDotNet switcher).
return 0;
