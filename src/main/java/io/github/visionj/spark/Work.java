package io.github.visionj.spark;

import java.io.Serializable;

import io.github.visionj.cli.Task;

/**
 * One element of the Spark job's work list, done by an executor: an input file ({@link InputFile}).
 * This is where the blocks of one huge image plug in: the driver's {@link SparkJob#plan} would cut
 * such an image into blocks with the model's halo (an {@code image.RegionSource}), each block a
 * {@code Work}, and merge their objects on the driver.
 */
interface Work extends Serializable {

	/**
	 * Does the work on an executor, with the task set up once per executor JVM.
	 *
	 * @param skip whether work whose results all exist is skipped
	 */
	SummaryRow run(Task task, boolean skip);
}
