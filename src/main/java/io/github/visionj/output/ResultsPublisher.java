package io.github.visionj.output;

import java.awt.GraphicsEnvironment;

import ij.measure.ResultsTable;

/**
 * Shows a results table in its own window. Only with a user interface: headless, ImageJ would
 * print the whole table to standard output instead, which the launcher must not do.
 */
public final class ResultsPublisher {

	private ResultsPublisher() {}

	/** @return false when headless, where nothing was shown */
	public static boolean show(ResultsTable table, String title) {
		if (GraphicsEnvironment.isHeadless()) return false;
		table.show(title);
		return true;
	}
}
