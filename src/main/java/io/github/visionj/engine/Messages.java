package io.github.visionj.engine;

import java.util.List;

/** Shortens the engines' multi-line messages to the lines that say what went wrong. */
final class Messages {

	private static final int MAX = 300;

	private Messages() {}

	/**
	 * The most telling lines of the message of {@code e} or its causes: TorchScript prints a traceback and
	 * ends with the actual error ("RuntimeError: …"), so the last line naming an error wins, else the first
	 * line; OnnxRuntime puts the details (which index, what size) on the lines after it, so they follow.
	 */
	static String summary(Throwable e) {
		String message = null;
		for (Throwable t = e; t != null && message == null; t = t.getCause())
			message = t.getMessage();
		if (message == null) return e.getClass().getSimpleName();
		List<String> lines = message.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
		int best = 0;
		for (int i = 0; i < lines.size(); i++)
			if (lines.get(i).contains("Error")) best = i;
		String summary = String.join(" ", lines.subList(best, lines.size()));
		return summary.length() > MAX ? summary.substring(0, MAX) + "…" : summary;
	}
}
