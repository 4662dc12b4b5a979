package io.github.visionj.engine;

/** Shortens PyTorch's multi-line messages to the line that says what went wrong. */
final class Messages {

	private static final int MAX = 300;

	private Messages() {}

	/**
	 * The most telling line of the message of {@code e} or its causes: TorchScript prints a traceback and
	 * ends with the actual error ("RuntimeError: …"), so the last line naming an error wins, else the first line.
	 */
	static String summary(Throwable e) {
		String message = null;
		for (Throwable t = e; t != null && message == null; t = t.getCause())
			message = t.getMessage();
		if (message == null) return e.getClass().getSimpleName();
		String best = null;
		for (String line : message.lines().map(String::trim).filter(l -> !l.isEmpty()).toList())
			if (best == null || line.contains("Error")) best = line;
		return best.length() > MAX ? best.substring(0, MAX) + "…" : best;
	}
}
