package wire.cli;

/** What a renderer produced: the text for stdout and the exit code it implies. */
record Rendered(String text, int exitCode) {}
