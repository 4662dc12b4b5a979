package io.github.visionj.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import io.github.visionj.engine.ModelCacheService;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.Npy;

/** Runs commands as a headless macro or script would, in a minimal SciJava context. */
final class Commands {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private static final Context CONTEXT = new Context(CommandService.class, StatusService.class, LogService.class, ModelCacheService.class);

	/** Warnings the commands logged, in order; tests clear it before they run a command. */
	static final List<String> WARNINGS = new java.util.concurrent.CopyOnWriteArrayList<>();

	static {
		CONTEXT.service(LogService.class).addLogListener(m -> {
			if (m.level() == org.scijava.log.LogLevel.WARN) WARNINGS.add(m.text());
		});
	}

	private Commands() {}

	static CommandModule run(Class<? extends Command> command, Object... inputs) {
		try {
			return CONTEXT.service(CommandService.class).run(command, true, inputs).get();
		}
		catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	static ImagePlus open(String resource) {
		ImagePlus imp = IJ.openImage(Path.of("src/test/resources", resource).toString());
		if (imp == null) throw new AssertionError("cannot open " + resource);
		return imp;
	}

	/** A 32-bit image of a [1, 1, H, W] .npy tensor. */
	static ImagePlus fromNpy(Path npy, String title) throws IOException {
		FloatTensor t = Npy.read(npy);
		return new ImagePlus(title, new FloatProcessor((int) t.dim(3), (int) t.dim(2), t.data().clone()));
	}

	static List<String> files(Path folder) throws IOException {
		try (var s = Files.list(folder)) {
			List<String> names = new ArrayList<>(s.map(p -> p.getFileName().toString()).sorted().toList());
			return names;
		}
	}

	static ResultsTable csv(Path file) {
		ResultsTable rt = ResultsTable.open2(file.toString());
		if (rt == null) throw new AssertionError("cannot read " + file);
		return rt;
	}
}
