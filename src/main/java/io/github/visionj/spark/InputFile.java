package io.github.visionj.spark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.visionj.VisionJException;
import io.github.visionj.cli.Task;
import io.github.visionj.output.OutputFile;

/** An input image, processed whole by one executor exactly as the launcher processes it. */
record InputFile(String path) implements Work {

	@Override
	public String name() {
		return new File(path).getName();
	}

	@Override
	public SummaryRow run(Task task, boolean skip) {
		File file = new File(path);
		long start = System.nanoTime();
		Task.Outcome outcome;
		try {
			outcome = task.process(file, skip);
		}
		catch (VisionJException e) {
			outcome = new Task.Outcome(Task.Status.FAILED, e.getMessage());
		}
		SummaryRow.Status status = switch (outcome.status()) {
			case OK -> SummaryRow.Status.OK;
			case SKIPPED -> SummaryRow.Status.SKIPPED;
			case FAILED, STOPPED -> SummaryRow.Status.FAILED;
		};
		String message = outcome.status() == Task.Status.STOPPED ? "stopped: Java is exiting" :
			status == SummaryRow.Status.FAILED ? outcome.message() : "";
		int objects = status == SummaryRow.Status.FAILED ? 0 :
			rows(task.outputFolder().resolve(OutputFile.RESULTS.fileName(OutputFile.baseName(file.getName()))));
		return new SummaryRow(file.getName(), status, objects, (System.nanoTime() - start) / 1e9, message);
	}

	/**
	 * The records of a CSV file after its header (a line break inside quotes is part of a field); 0
	 * when there is none. Read as Latin-1: only the ASCII quotes and line breaks matter.
	 */
	static int rows(Path csv) {
		if (!Files.isRegularFile(csv)) return 0;
		String text;
		try {
			text = Files.readString(csv, StandardCharsets.ISO_8859_1);
		}
		catch (IOException e) {
			return 0;
		}
		int records = 0;
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"') quoted = !quoted;
			else if (c == '\n' && !quoted) records++;
		}
		return Math.max(0, records - 1);
	}
}
