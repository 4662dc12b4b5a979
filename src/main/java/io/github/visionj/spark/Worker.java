package io.github.visionj.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.visionj.cli.Task;
import scala.Function1;
import scala.collection.Iterator;

/**
 * What each Spark task runs on its executor: the one {@link Work} of its partition. The VisionJ
 * task (a SciJava context; its model then comes from VisionJ's model cache) is set up once per
 * executor JVM and shared by the executor's threads.
 */
final class Worker implements Function1<Iterator<Work>, SummaryRow>, Serializable {

	private static final long serialVersionUID = 1L;
	private static final Map<List<Object>, Task> TASKS = new HashMap<>();

	private final String task;
	private final LinkedHashMap<String, String> options;
	private final boolean skip;

	Worker(String task, Map<String, String> options, boolean skip) {
		this.task = task;
		this.options = new LinkedHashMap<>(options);
		this.skip = skip;
	}

	@Override
	public SummaryRow apply(Iterator<Work> works) {
		return works.next().run(task(task, options), skip);
	}

	/** The task for these options, made on first use in this JVM (the driver's, in local mode). */
	static synchronized Task task(String task, Map<String, String> options) {
		// An executor starts without the launcher's main: ImageJ must not look for a display.
		System.setProperty("java.awt.headless", "true");
		return TASKS.computeIfAbsent(List.of(task, options), k -> new Task(task, options));
	}
}
