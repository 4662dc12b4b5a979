package io.github.visionj.cli;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.scijava.app.event.StatusEvent;
import org.scijava.command.Command;
import org.scijava.event.EventHandler;
import org.scijava.plugin.Plugin;

import io.github.visionj.VisionJException;
import io.github.visionj.command.ClassifyCommand;
import io.github.visionj.command.CommandSetting;
import io.github.visionj.command.DetectCommand;
import io.github.visionj.command.EvaluateCommand;
import io.github.visionj.command.InstanceSegmentCommand;
import io.github.visionj.command.ModelCommand;
import io.github.visionj.command.SemanticSegmentCommand;
import io.github.visionj.command.TrainCommand;
import io.github.visionj.engine.ModelCache;
import io.github.visionj.model.BundledModels;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.WeightsFormat;
import io.github.visionj.pipeline.SelfCheck;

/**
 * The command-line launcher: {@code java -jar visionj.jar <task> --option value …}. It runs the
 * very same SciJava commands as the Fiji menu, in a headless SciJava context, one input image
 * at a time, and exits non-zero with one line per failure.
 */
public final class Main {

	static final Map<String, Class<? extends Command>> TASKS = new LinkedHashMap<>();
	static {
		TASKS.put("semantic", SemanticSegmentCommand.class);
		TASKS.put("instance", InstanceSegmentCommand.class);
		TASKS.put("detect", DetectCommand.class);
		TASKS.put("classify", ClassifyCommand.class);
		TASKS.put("evaluate", EvaluateCommand.class);
		TASKS.put("train", TrainCommand.class);
	}

	private final PrintStream out, err;

	Main(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		// DJL logs through SLF4J; without a chosen provider SLF4J prints three warning lines.
		if (System.getProperty("slf4j.provider") == null) {
			System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
			System.setProperty("slf4j.internal.verbosity", "WARN");
		}
		Main main = new Main(System.out, System.err);
		Runtime.getRuntime().addShutdownHook(new Thread(main::stop, "VisionJ stop"));
		int code;
		try {
			code = main.run(args);
		}
		finally {
			main.finished.countDown();
		}
		System.exit(code);
	}

	private volatile boolean stopping;
	private final CountDownLatch finished = new CountDownLatch(1);
	private volatile boolean batch;
	private volatile int done, total;

	/**
	 * Java is exiting (Ctrl-C, kill): the batch starts no further image, and the one line that
	 * says where it stopped is printed (by the batch when it gets there in time). SciJava shuts
	 * its threads down at the same moment, so the image in progress fails; its failure is not
	 * reported as one.
	 */
	void stop() {
		stopping = true;
		try {
			if (finished.await(10, TimeUnit.SECONDS)) return;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		err.println(stoppedMessage());
	}

	private String stoppedMessage() {
		return batch ? "visionj: stopped by a signal after " + done + " of " + total + " input(s); run again with " +
			"--skip-existing to process the rest." : "visionj: stopped by a signal.";
	}

	/** Runs a task; returns the process exit code (0 when every input succeeded). */
	int run(String[] args) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(usage());
			return args.length == 0 ? 2 : 0;
		}
		Class<? extends Command> command = TASKS.get(args[0]);
		if (command == null && !args[0].equals("check")) {
			err.println("visionj: unknown task '" + args[0] + "'; choose one of " + TASKS.keySet() + " or check (see --help).");
			return 2;
		}
		Map<String, String> options;
		try {
			options = parse(Arrays.copyOfRange(args, 1, args.length));
		}
		catch (IllegalArgumentException e) {
			err.println("visionj: " + e.getMessage());
			return 2;
		}
		if (options.containsKey("help")) {
			out.print(usage());
			return 0;
		}
		if (command == null) return check(options);
		Task task;
		try {
			task = new Task(args[0], options);
		}
		catch (VisionJException e) {
			err.println("visionj: " + e.getMessage());
			return 2;
		}
		try (task) {
			task.subscribe(this);
			if (!task.perImage()) {
				int code = report(task.run());
				if (stopping) err.println(stoppedMessage());
				return code;
			}
			return runPerImage(task);
		}
	}

	/**
	 * Runs a model on its test inputs with each weights format it offers (or the one given) and prints one
	 * verdict per format, like {@code bioimageio test}; 0 only when every format reproduces the test outputs.
	 */
	private int check(Map<String, String> options) {
		String model = options.remove("model"), weights = options.remove("weights");
		if (!options.isEmpty()) {
			err.println("visionj: unknown option --" + options.keySet().iterator().next().replace('_', '-') +
				" for task check; see --help.");
			return 2;
		}
		if (model == null) {
			err.println("visionj: --model is missing; give a bundled model id or a bioimage.io model folder or .zip.");
			return 2;
		}
		List<WeightsFormat> formats;
		try {
			WeightsFormat asked = WeightsFormat.byKey(weights);
			formats = asked != null ? List.of(asked) : ModelDescription.load(BundledModels.resolve(model)).weightsFormats();
		}
		catch (VisionJException e) {
			err.println("visionj: " + e.getMessage());
			return 2;
		}
		boolean passed = true;
		try (ModelCache models = new ModelCache()) {
			for (WeightsFormat format : formats) {
				SelfCheck.Verdict verdict;
				try {
					verdict = SelfCheck.run(models.get(model, format));
				}
				catch (VisionJException e) {
					verdict = new SelfCheck.Verdict(SelfCheck.Status.CANNOT_CHECK, e.getMessage());
				}
				out.println(format + ": " + switch (verdict.status()) {
					case PASSED -> "passed";
					case MISMATCH -> "FAILED";
					case CANNOT_CHECK -> "cannot check";
				} + ": " + verdict.message());
				passed &= verdict.status() == SelfCheck.Status.PASSED;
			}
		}
		return passed ? 0 : 1;
	}

	/**
	 * Every input is processed or reported, and the batch goes on after a failure. Before any
	 * work, inputs whose results would have the same names are refused.
	 */
	private int runPerImage(Task task) {
		if (task.input() == null) {
			err.println("visionj: --input is missing; give an image file or a folder of images.");
			return 2;
		}
		if (task.outputFolder() == null) {
			err.println("visionj: --output is missing; give the folder where results are written.");
			return 2;
		}
		List<File> files;
		try {
			files = Task.inputFiles(new File(task.input()));
		}
		catch (VisionJException e) {
			err.println("visionj: " + e.getMessage());
			return 2;
		}
		String clash = Task.sameNames(files);
		if (clash != null) {
			err.println("visionj: " + clash);
			return 2;
		}
		total = files.size();
		batch = true;
		List<String> failed = new ArrayList<>();
		int skipped = 0;
		for (int i = 0; i < files.size() && !stopping; i++) {
			File f = files.get(i);
			out.println("[" + (i + 1) + "/" + files.size() + "] " + f.getName());
			Task.Outcome outcome;
			try {
				outcome = task.process(f, Boolean.TRUE.equals(task.skipExisting()));
			}
			catch (VisionJException e) {
				err.println("visionj: " + e.getMessage());
				return 1;
			}
			if (outcome.status() == Task.Status.SKIPPED) {
				out.println("  all its results exist; skipped");
				skipped++;
				done++;
				continue;
			}
			if (report(outcome) != 0 && !stopping) failed.add(f.getName());
			if (stopping) break;
			done++;
		}
		if (stopping) {
			err.println(stoppedMessage());
			return 1;
		}
		if (skipped > 0) out.println(skipped + " of " + files.size() + " input(s) skipped: all their results exist.");
		if (failed.isEmpty()) return 0;
		if (files.size() > 1) err.println("visionj: " + failed.size() + " of " + files.size() + " input(s) failed: " + String.join(", ", failed) + ".");
		return 1;
	}

	/**
	 * Prints what a run of the command says: its text outputs (Evaluate's summary), or the one line
	 * of its failure, unless Java is exiting; returns the exit code.
	 */
	private int report(Task.Outcome outcome) {
		if (outcome.status() == Task.Status.STOPPED) {
			stopping = true;
			return 1;
		}
		clearProgressLine();
		if (outcome.status() == Task.Status.OK) {
			out.print(outcome.message());
			return 0;
		}
		if (!stopping) err.println("visionj: " + outcome.message());
		return 1;
	}

	private boolean progressShown;

	/** Shows the commands' status-bar progress as one line that is rewritten in place. */
	@EventHandler
	public void onStatus(StatusEvent e) {
		if (e.getStatusMessage() == null || e.getStatusMessage().isEmpty() || e.getProgressMaximum() <= 0) return;
		err.print(String.format(Locale.ROOT, "\r  %s %d/%d   ", e.getStatusMessage(), e.getProgressValue(),
			e.getProgressMaximum()));
		progressShown = true;
	}

	private void clearProgressLine() {
		if (progressShown) err.println();
		progressShown = false;
	}

	/** {@code --tile-size 256} → {@code tile_size=256}; a flag without a value is {@code true}. */
	public static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + args[i] +
				"'; options look like --model nuclei (see --help).");
			String key = args[i].substring(2).replace('-', '_');
			boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
			options.put(key, hasValue ? args[++i] : "true");
		}
		return options;
	}

	/** The launcher's own options of the per-image tasks, by key: they are not settings of a command. */
	static final Map<String, String[]> LAUNCHER_OPTIONS = Map.of(
		"input", new String[] { "--input <file|folder>", "an image, or a folder of images (" + String.join(" ", Task.IMAGE_EXTENSIONS) + ")" },
		"skip_existing", new String[] { "--skip-existing", "skip inputs whose results all exist (redo those with only some)" });

	/** The help, its options derived from the commands' settings ({@link CommandSetting}). */
	static String usage() {
		StringBuilder s = new StringBuilder();
		s.append("VisionJ: deep-learning image analysis with bioimage.io models.\n\n");
		s.append("usage: java -jar visionj.jar <task> [options]\n\n");
		s.append("tasks:\n");
		TASKS.forEach((task, command) -> s.append(String.format(Locale.ROOT, "  %-10s %s\n", task,
			command.getAnnotation(Plugin.class).description())));
		s.append("  check      Run a model on its own test inputs and compare with its test outputs, per weights format.\n");
		List<String> modelTasks = TASKS.keySet().stream().filter(t -> ModelCommand.class.isAssignableFrom(TASKS.get(t))).toList();
		s.append("\noptions of ").append(String.join(", ", modelTasks)).append(":\n");
		for (String key : List.of("input", "skip_existing"))
			line(s, LAUNCHER_OPTIONS.get(key)[0], LAUNCHER_OPTIONS.get(key)[1]);
		for (CommandSetting setting : CommandSetting.of(ModelCommand.class)) {
			Map<String, String> defaults = new LinkedHashMap<>();
			for (String task : modelTasks)
				defaults.put(task, shown(setting.defaultValue(TASKS.get(task))));
			String shown = defaults.values().stream().distinct().count() == 1 ? defaults.values().iterator().next()
				: String.join(", ", defaults.entrySet().stream().map(e -> e.getValue() + " (" + e.getKey() + ")").toList());
			option(s, setting, shown);
		}
		TASKS.forEach((task, command) -> {
			s.append("\noptions of ").append(task).append(":\n");
			for (CommandSetting setting : CommandSetting.of(command))
				if (setting.field().getDeclaringClass() == command) option(s, setting, shown(setting.defaultValue(command)));
		});
		s.append("\noptions of check:\n");
		line(s, "--model <text>", "a bundled model id or the path of a bioimage.io model folder or .zip");
		line(s, "--weights <torchscript|onnx>", "check only these weights (default: every format the model has); exit code 0 when " +
			"every format passes, 1 when one fails or cannot be checked");
		s.append("\nbundled models: ").append(String.join(", ", BundledModels.ids())).append("\n");
		s.append("Options are the macro keys with -- in front and - for _; a switch alone is true. Progress goes to stderr, one\n");
		s.append("line per failed input, then their count; the exit code is 0 only when every input succeeded (1: some failed,\n");
		s.append("2: a mistake in the options, nothing done).\n");
		return s.toString();
	}

	/** One option: its label, what it accepts and its default, then its description. */
	private static void option(StringBuilder s, CommandSetting setting, String defaultValue) {
		StringBuilder text = new StringBuilder(setting.parameter().label());
		if (setting.type() == int.class || setting.type() == double.class) text.append("; ").append(setting.accepted());
		if (!defaultValue.isEmpty()) text.append("; default ").append(defaultValue);
		text.append('.');
		if (!setting.parameter().description().isEmpty()) text.append(' ').append(setting.parameter().description());
		line(s, (setting.option() + " " + setting.placeholder()).trim(), text.toString());
	}

	private static final int TEXT_COLUMN = 30, WIDTH = 110;

	/** An option and its text, wrapped at {@link #WIDTH} columns, continuation lines indented to the text. */
	private static void line(StringBuilder s, String option, String text) {
		String indent = " ".repeat(TEXT_COLUMN);
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + (TEXT_COLUMN - 3) + "s ", option));
		if (line.length() > TEXT_COLUMN) {
			s.append(line.toString().stripTrailing()).append('\n');
			line = new StringBuilder(indent);
		}
		for (String word : text.split(" ")) {
			if (line.length() > TEXT_COLUMN && line.length() + 1 + word.length() > WIDTH) {
				s.append(line).append('\n');
				line = new StringBuilder(indent);
			}
			if (line.length() > TEXT_COLUMN) line.append(' ');
			line.append(word);
		}
		s.append(line).append('\n');
	}

	/** A default as the help shows it: numbers without a needless ".0"; nothing for no value. */
	private static String shown(Object value) {
		if (value == null || value.toString().isEmpty()) return "";
		if (value instanceof Double d && d == Math.rint(d)) return Long.toString(d.longValue());
		return value.toString();
	}
}
