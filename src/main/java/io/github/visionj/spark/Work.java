package io.github.visionj.spark;

import java.io.Serializable;

import io.github.visionj.cli.Task;

/**
 * One element of the Spark job's work list, done by an executor: an input file ({@link InputFile})
 * or one block of a huge image ({@link BlockWork}).
 */
interface Work extends Serializable {

	/** What the log and the summary call it. */
	String name();

	/**
	 * Does the work on an executor, with the task set up once per executor JVM.
	 *
	 * @param skip whether work whose results all exist is skipped
	 */
	SummaryRow run(Task task, boolean skip);
}
