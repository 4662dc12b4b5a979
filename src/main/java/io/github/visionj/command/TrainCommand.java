package io.github.visionj.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.macro.Interpreter;
import ij.plugin.Duplicator;
import ij.plugin.frame.RoiManager;
import io.github.visionj.VisionJException;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.ModelCacheService;
import io.github.visionj.evaluate.FilePairs;
import io.github.visionj.output.ImagePlusBridge;
import io.github.visionj.output.LabelFiles;
import io.github.visionj.output.RoiLabels;
import io.github.visionj.output.TrainingPlot;
import io.github.visionj.train.Annotated;
import io.github.visionj.train.FineTuning;
import io.github.visionj.train.Split;
import io.github.visionj.train.TrainedLayers;
import io.github.visionj.train.TrainedModel;

/**
 * Plugins › VisionJ › Train: fine-tunes a model on the user's annotated images (image + label
 * image pairs in two folders, or the current image with the ROIs of the ROI Manager or its overlay
 * as the objects) and writes the result as a new bioimage.io model folder, which every VisionJ
 * command (and any bioimage.io consumer) can then use.
 */
@Plugin(type = Command.class, menuPath = "Plugins>VisionJ>Train", headless = true,
	description = "Fine-tune a segmentation model on your own annotated images and save it as a new model folder.")
public class TrainCommand extends VisionJCommand {

	static final String FOLDERS = "folders", ROI_MANAGER = "ROI Manager", OVERLAY = "overlay";

	@Parameter(label = "Model to start from", persist = false, description = "A bundled model id or a model folder or zip whose decoder is star-convex, three-class or foreground.")
	private String model = "nuclei";

	@Parameter(label = "Annotations", choices = { FOLDERS, ROI_MANAGER, OVERLAY }, persist = false,
		description = "folders: images and label images paired by name; ROI Manager or overlay: the current image, each ROI one object.")
	private String annotations = FOLDERS;

	@Parameter(label = "Image", required = false, description = "The annotated image (the current image), with 'ROI Manager' or 'overlay'.")
	private ImagePlus image;

	@Parameter(label = "Images (folder)", style = "directory", required = false, persist = false)
	private File images;

	@Parameter(label = "Label images (folder)", style = "directory", required = false, persist = false,
		description = "0 = background, each object its own number; paired with the images by name: a.png ↔ a.tif or a_labels.tif.")
	private File labels;

	@Parameter(label = "New model folder", style = "directory", persist = false,
		description = "Must not exist yet, or with 'overwrite' be a model folder written before.")
	private File output;

	@Parameter(label = "Time budget (minutes)", min = "0.1", persist = false,
		description = "Training stops when it is spent, validation included.")
	private double minutes = 10;

	@Parameter(label = "Maximum iterations (0 = until the time is up)", min = "0", persist = false)
	private int iterations = 0;

	@Parameter(label = "Layers to train", choices = { "output", "decoder", "all" }, persist = false,
		description = "output: the layers after the network's body (its heads); decoder: the later half of the layers " +
			"(a U-Net's decoder and heads); all: every layer. The others keep the parent's weights.")
	private String layers = "output";

	@Parameter(label = "Part for validation (of the images, or of a single image)", min = "0.05", max = "0.5", stepSize = "0.05",
		persist = false, description = "This share of the images (at least one) is held out, drawn at random with a fixed seed; " +
			"of a single image, this share of its longer side.")
	private double validation = 0.2;

	@Parameter(label = "Overwrite an existing model folder", persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Training summary")
	private String summary;

	@Parameter
	private ModelCacheService models;

	@Override
	protected void execute() {
		if (!List.of(FOLDERS, ROI_MANAGER, OVERLAY).contains(annotations)) throw new VisionJException("Annotations must be " + FOLDERS + ", " +
			ROI_MANAGER + " or " + OVERLAY + ", not '" + annotations + "'.");
		boolean fromImage = !annotations.equals(FOLDERS);
		// a missing image can arrive as an empty ImagePlus (SciJava fills an unresolved input with a new one)
		if (fromImage && (image == null || image.getProcessor() == null)) throw new VisionJException(
			"There is no image; open the annotated image first, or choose annotations=folders with images=… labels=….");
		if (!fromImage && (empty(images) || empty(labels))) throw new VisionJException(
			"Give a folder of images and a folder of label images (images=… labels=…).");
		if (empty(output)) throw new VisionJException("Give the folder for the new model (output=…).");
		if (!(minutes > 0)) throw new VisionJException("The time budget must be more than 0 minutes, not " + minutes + ".");
		if (!(validation > 0 && validation < 1)) throw new VisionJException("The validation part must be between 0 and 1, not " + validation + ".");
		Path out = output.toPath().toAbsolutePath();
		checkOutput(out);
		Split split = Split.of(fromImage ? fromImage() : fromFolders(), validation);
		status.showStatus("VisionJ: loading model " + model + "…");
		LoadedModel parent = models.get(model.trim(), null);

		FineTuning.Options options = FineTuning.Options.DEFAULTS.withMinutes(minutes).withIterations(iterations)
			.withLayers(TrainedLayers.of(layers));
		log.info(String.format(Locale.ROOT, "VisionJ Train: %s on %d training and %d validation images, at most %.1f minutes",
			parent.description().name(), split.train().size(), split.validation().size(), minutes));
		Path work = tempFolder();
		try {
			FineTuning.Result result = FineTuning.run(parent, split.train(), split.validation(), options, listener(), progress(), work);
			status.showStatus("VisionJ: writing " + out + "…");
			TrainedModel.write(out, parent.description(), model.trim(), result, names(split.train()), names(split.validation()), options, overwrite);
			summary = String.format(Locale.ROOT, "VisionJ Train: %d iterations in %.0f s (%s), stopped by %s; model written to %s%n" +
				"Thresholds tuned on the validation images: probability %.2f, overlap %.2f%n%s", result.iterations(), result.seconds(),
				result.device(), result.stopped(), out, result.settings().probability(), result.settings().nmsIou(),
				TrainedModel.comparison(result));
			if (!headless()) IJ.log(summary);
		}
		finally {
			deleteQuietly(work);
		}
	}

	/** Not given: a macro gives an unused folder as {@code images=[]}. */
	private static boolean empty(File file) {
		return file == null || file.getPath().isEmpty();
	}

	private static List<String> names(List<Annotated> images) {
		return images.stream().map(Annotated::name).toList();
	}

	/** The output must be new, or a model folder written before that the user allowed to be replaced. */
	private void checkOutput(Path out) {
		if (!Files.exists(out)) return;
		if (!overwrite) throw new VisionJException("The folder " + out + " already exists; choose a new folder for the model, " +
			"or turn on 'overwrite' to replace a model folder written before.");
		if (!Files.exists(out.resolve("bioimageio.yaml")) && !Files.exists(out.resolve("rdf.yaml"))) throw new VisionJException(
			"The folder " + out + " is not a model folder (it has no bioimageio.yaml), and 'overwrite' replaces only model folders; " +
			"choose a new folder for the model.");
	}

	/** The image pairs of the two folders, paired as Evaluate pairs a prediction with its ground truth. */
	private List<Annotated> fromFolders() {
		// Evaluate's pairing, with the label images in the place of its predictions: a.tif or a_labels.tif ↔ a.png
		Map<String, Path[]> pairs = FilePairs.of(labels.toPath(), images.toPath(), false);
		if (pairs.size() < 2) throw new VisionJException("Training needs at least two annotated images (one for validation), but " + images +
			" and " + labels + " pair only " + pairs.size() + ".");
		List<Annotated> list = new ArrayList<>();
		for (Map.Entry<String, Path[]> pair : pairs.entrySet()) {
			Path imagePath = pair.getValue()[1], labelPath = pair.getValue()[0];
			ImagePlus imp = IJ.openImage(imagePath.toString());
			if (imp == null) throw new VisionJException("Cannot read " + imagePath + ": ImageJ cannot open it as an image; check the file.");
			ImagePlus label = LabelFiles.open(labelPath);
			if (imp.getWidth() != label.getWidth() || imp.getHeight() != label.getHeight() || imp.getStackSize() > 1 && imp.getNChannels() == 1)
				throw new VisionJException("The image " + imagePath.getFileName() + " (" + imp.getWidth() + "x" + imp.getHeight() +
					") and its labels " + labelPath.getFileName() + " (" + label.getWidth() + "x" + label.getHeight() +
					") must be single 2D images of the same size; pair each 2D image with its label image.");
			list.add(new Annotated(pair.getKey(), ImagePlusBridge.wrap(imp), LabelFiles.labels(label, 1)));
		}
		return list;
	}

	/**
	 * The current image with its ROIs as labels: each plane (z, t) that has a ROI is one annotated
	 * image, all channels; planes without a ROI are not annotated and left out.
	 */
	private List<Annotated> fromImage() {
		String what = annotations.equals(ROI_MANAGER) ? "the ROI Manager" : "the overlay";
		List<Roi> rois = rois();
		if (rois.isEmpty()) throw new VisionJException("There are no ROIs in " + what + " of " + image.getTitle() +
			"; outline each object as a ROI (add it with 't' to the ROI Manager, or to the overlay with 'b').");
		int[][] planes = RoiLabels.of(rois, image, what);
		int slices = image.getNSlices();
		List<Annotated> list = new ArrayList<>();
		for (int p = 0; p < planes.length; p++) {
			if (Arrays.stream(planes[p]).allMatch(l -> l == 0)) continue;
			int z = p % slices + 1, t = p / slices + 1;
			ImagePlus plane = planes.length == 1 ? image : new Duplicator().run(image, 1, image.getNChannels(), z, z, t, t);
			String name = planes.length == 1 ? image.getTitle() : String.format(Locale.ROOT, "%s z%d t%d", image.getTitle(), z, t);
			list.add(new Annotated(name, ImagePlusBridge.wrap(plane), planes[p]));
		}
		if (list.isEmpty()) throw new VisionJException("No ROI of " + what + " lies on " + image.getTitle() +
			"; outline the objects on this image.");
		return list;
	}

	private List<Roi> rois() {
		if (annotations.equals(OVERLAY)) return image.getOverlay() == null ? List.of() : List.of(image.getOverlay().toArray());
		RoiManager manager = RoiManager.getInstance2(); // in a batch-mode macro, the macro's own ROI Manager
		return manager == null ? List.of() : List.of(manager.getRoisAsArray());
	}

	/** Progress: the status bar, a line per validation, and in the GUI the live plot (redrawn at most once a second). */
	private FineTuning.Listener listener() {
		TrainingPlot plot = headless() || Interpreter.isBatchMode() ? null : new TrainingPlot();
		return new FineTuning.Listener() {
			private long drawn = System.nanoTime();

			@Override
			public void iteration(int iteration, double loss, double seconds, double budgetSeconds) {
				status.showStatus((int) seconds, (int) budgetSeconds, String.format(Locale.ROOT, "VisionJ Train: iteration %d, loss %.4f", iteration, loss));
				if (plot == null) return;
				plot.step(iteration, loss);
				if (System.nanoTime() - drawn < 1_000_000_000L) return;
				plot.show();
				drawn = System.nanoTime();
			}

			@Override
			public void validated(FineTuning.Row row, boolean best) {
				String line = row.iteration() == 0 ? String.format(Locale.ROOT, "VisionJ Train: the parent model's validation AP50 is %.4f", row.ap50())
					: String.format(Locale.ROOT, "VisionJ Train: iteration %d, %.0f s, loss %.4f, validation AP50 %.4f%s", row.iteration(), row.seconds(),
						row.loss(), row.ap50(), best ? " (best so far)" : "");
				log.info(line);
				if (headless()) return;
				IJ.log(line);
				if (plot == null) return;
				plot.validated(row.iteration(), row.ap50());
				plot.show();
				drawn = System.nanoTime();
			}
		};
	}

	private static Path tempFolder() {
		try {
			return Files.createTempDirectory("visionj-train");
		}
		catch (IOException e) {
			throw new VisionJException("Cannot create a temporary folder (" + e.getMessage() + "); check the space in the system's temporary folder.", e);
		}
	}

	private static void deleteQuietly(Path folder) {
		try (Stream<Path> all = Files.walk(folder)) {
			all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException e) {
			// a leftover temporary folder is harmless
		}
	}
}
