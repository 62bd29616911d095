// CONTRACT STUB: replaced by the host work (command line, generic host, Akka, Serilog).
return 1;
