package io.github.visionj.cli;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.ModuleItem;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.command.ClassifyCommand;
import io.github.visionj.command.DetectCommand;
import io.github.visionj.command.EvaluateCommand;
import io.github.visionj.command.InstanceSegmentCommand;
import io.github.visionj.command.SemanticSegmentCommand;
import io.github.visionj.command.TrainCommand;
import io.github.visionj.output.OutputFile;

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

	private static final List<String> IMAGE_EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".bmp", ".gif");

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
		System.exit(new Main(System.out, System.err).run(args));
	}

	/** Runs a task; returns the process exit code (0 when every input succeeded). */
	int run(String[] args) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
			out.print(usage());
			return args.length == 0 ? 2 : 0;
		}
		Class<? extends Command> command = TASKS.get(args[0]);
		if (command == null) {
			err.println("visionj: unknown task '" + args[0] + "'; choose one of " + TASKS.keySet() + " (see --help).");
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
		try (Context context = new Context(CommandService.class, EventService.class, StatusService.class, LogService.class,
			ConvertService.class)) {
			CommandService commands = context.service(CommandService.class);
			CommandInfo info = commands.getCommand(command);
			String unknown = unknownOption(info, options, args[0]);
			if (unknown != null) {
				err.println("visionj: " + unknown);
				return 2;
			}
			context.service(EventService.class).subscribe(this);
			// The commands also log their failures; here the one line printed below is enough. Train logs its progress.
			context.service(LogService.class).setLevel(command == TrainCommand.class ? LogLevel.INFO : LogLevel.NONE);
			return command == EvaluateCommand.class || command == TrainCommand.class ? runOnce(commands, command, new LinkedHashMap<>(options))
				: runPerImage(commands, command, options);
		}
	}

	private int runPerImage(CommandService commands, Class<? extends Command> command, Map<String, String> options) {
		String input = options.remove("input");
		if (input == null) {
			err.println("visionj: --input is missing; give an image file or a folder of images.");
			return 2;
		}
		if (!options.containsKey("output")) {
			err.println("visionj: --output is missing; give the folder where results are written.");
			return 2;
		}
		List<File> files = inputFiles(new File(input));
		if (files == null) return 2;
		int failures = 0;
		for (int i = 0; i < files.size(); i++) {
			File f = files.get(i);
			out.println("[" + (i + 1) + "/" + files.size() + "] " + f.getName());
			ImagePlus image = IJ.openImage(f.getPath());
			if (image == null) {
				err.println("visionj: cannot read " + f + ": ImageJ cannot open it as an image; check the file.");
				failures++;
				continue;
			}
			Map<String, Object> inputs = new LinkedHashMap<>(options);
			inputs.put("image", image);
			if (runOnce(commands, command, inputs) != 0) failures++;
		}
		return failures == 0 ? 0 : 1;
	}

	private int runOnce(CommandService commands, Class<? extends Command> command, Map<String, Object> inputs) {
		try {
			CommandModule module = commands.run(command, true, inputs).get();
			clearProgressLine();
			if (module.isCanceled()) {
				err.println("visionj: " + module.getCancelReason());
				return 1;
			}
			// Text outputs (Evaluate's summary) are what a user of the launcher wants to read.
			for (ModuleItem<?> item : module.getInfo().outputs())
				if (item.getType() == String.class && module.getOutput(item.getName()) != null)
					out.print(module.getOutput(item.getName()));
			return 0;
		}
		catch (Exception e) {
			clearProgressLine();
			err.println("visionj: unexpected error: " + e.getCause());
			return 1;
		}
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

	private List<File> inputFiles(File input) {
		if (input.isFile()) return List.of(input);
		if (!input.isDirectory()) {
			err.println("visionj: the input " + input + " does not exist; give an image file or a folder of images.");
			return null;
		}
		// Result files of an earlier run (or ground-truth labels named like them) are not inputs.
		File[] all = input.listFiles((dir, name) -> IMAGE_EXTENSIONS.stream().anyMatch(name.toLowerCase(Locale.ROOT)::endsWith) &&
			Arrays.stream(OutputFile.values()).noneMatch(f -> name.endsWith(f.fileName(""))));
		if (all == null || all.length == 0) {
			err.println("visionj: the folder " + input + " has no images (" + String.join(", ", IMAGE_EXTENSIONS) + ").");
			return null;
		}
		Arrays.sort(all);
		return new ArrayList<>(Arrays.asList(all));
	}

	/** {@code --tile-size 256} → {@code tile_size=256}; a flag without a value is {@code true}. */
	static Map<String, String> parse(String[] args) {
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

	private static String unknownOption(CommandInfo info, Map<String, String> options, String task) {
		for (String key : options.keySet()) {
			if (key.equals("input") && TASKS.get(task) != EvaluateCommand.class && TASKS.get(task) != TrainCommand.class) continue;
			ModuleItem<?> item = info.getInput(key);
			// Only the user's settings are options; the image and the injected services are not.
			if (item == null || key.equals("image") || !isSetting(item.getType())) return "unknown option --" +
				key.replace('_', '-') + " for task " + task + "; see --help.";
		}
		return null;
	}

	private static boolean isSetting(Class<?> type) {
		return type == String.class || type == File.class || type == boolean.class || type == int.class || type == double.class;
	}

	static String usage() {
		StringBuilder s = new StringBuilder();
		s.append("VisionJ: deep-learning image analysis with bioimage.io models.\n\n");
		s.append("usage: java -jar visionj.jar <task> [options]\n\n");
		s.append("tasks:\n");
		s.append("  semantic   class of every pixel: <name>_classes.tif, _rois.zip, _results.csv\n");
		s.append("  instance   every object its own label: <name>_labels.tif, _rois.zip, _results.csv, _overlay.png\n");
		s.append("  detect     boxes with class and score: <name>_rois.zip, _results.csv, _overlay.png (+ _labels.tif)\n");
		s.append("  classify   class probabilities per image, plane or ROI: <name>_results.csv (+ _rois.zip named by class)\n");
		s.append("  evaluate   score predicted labels or boxes against ground truth: evaluation.csv and a summary\n");
		s.append("  train      fine-tune a model on annotated images: a new model folder\n\n");
		s.append("options of semantic, instance, detect, classify:\n");
		s.append("  --model <id|path>     a bundled model id or a bioimage.io model folder or .zip\n");
		s.append("  --input <file|folder> an image, or a folder of images (.tif .png .jpg …)\n");
		s.append("  --output <folder>     where results are written (required)\n");
		s.append("  --overwrite           replace existing result files\n");
		s.append("  --tile-size <n>       tile edge in pixels (0 = automatic)\n");
		s.append("  semantic:  --threshold <p> (one-channel models)  --probabilities (also write probability maps)\n");
		s.append("  instance:  --probability <p> --overlap <iou> --min-size <px> --link-z --link-iou <iou>\n");
		s.append("  semantic, instance:  --augment (average over the image's mirror images: often better, 4x slower)\n");
		s.append("  detect:    --score <s> --overlap <iou> --max-detections <n> --label-image\n");
		s.append("  classify:  --mode image|plane|rois  --rois <RoiSet.zip>  --top-k <k>\n");
		s.append("  (a threshold of 0 uses the model's own default)\n\n");
		s.append("options of evaluate:\n");
		s.append("  --pred <file|folder>   predicted label images (a.tif or a_labels.tif), or with --boxes the\n");
		s.append("                         a_rois.zip files written by detect\n");
		s.append("  --truth <file|folder>  ground-truth label images; folders are paired by file name\n");
		s.append("  --output <folder>      where evaluation.csv is written (one row per image and IoU threshold,\n");
		s.append("                         then the totals); a summary is printed\n");
		s.append("  --boxes                match boxes (box IoU) instead of instance masks\n");
		s.append("  --overwrite            replace an existing evaluation.csv\n\n");
		s.append("options of train:\n");
		s.append("  --model <id|path>      the model to start from (star-convex, three-class or foreground decoder)\n");
		s.append("  --images <folder>      the images\n");
		s.append("  --labels <folder>      their label images, paired by file name (a.png with a.tif or a_labels.tif)\n");
		s.append("  --output <folder>      the new model folder (must not exist, unless --overwrite replaces a model folder)\n");
		s.append("  --minutes <m>          time budget, validation included (default 10)\n");
		s.append("  --iterations <n>       stop after n steps (default 0: when the time is up)\n");
		s.append("  --validation <f>       part of the image pairs kept for validation (default 0.2)\n\n");
		s.append("bundled models: nuclei, nuclei-semantic, nuclei-detect, image-modality, nuclei-broad\n");
		s.append("Progress goes to stderr; the exit code is 0 only when every input succeeded.\n");
		return s.toString();
	}
}
