package io.github.visionj.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/** The launcher for tests of other packages, its messages discarded. */
public final class Launcher {

	private Launcher() {}

	public static int run(String... args) {
		PrintStream none = new PrintStream(OutputStream.nullOutputStream());
		return new Main(none, none).run(args);
	}
}
