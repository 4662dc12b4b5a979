package io.github.visionj.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.VisionJException;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.ModelCacheService;
import io.github.visionj.output.ImagePlusBridge;
import io.github.visionj.train.Annotated;
import io.github.visionj.train.FineTuning;
import io.github.visionj.train.TrainedModel;

/**
 * Plugins › VisionJ › Train: fine-tunes a model on the user's annotated images (image + label
 * image pairs) and writes the result as a new bioimage.io model folder, which every VisionJ
 * command (and any bioimage.io consumer) can then use.
 */
@Plugin(type = Command.class, menuPath = "Plugins>VisionJ>Train", headless = true,
	description = "Fine-tune a segmentation model on your own annotated images and save it as a new model folder.")
public class TrainCommand extends VisionJCommand {

	@Parameter(label = "Model to start from", persist = false, description = "A bundled model id or a model folder or zip whose decoder is star-convex, three-class or foreground.")
	private String model = "nuclei";

	@Parameter(label = "Images (folder)", style = "directory", persist = false)
	private File images;

	@Parameter(label = "Label images (folder)", style = "directory", persist = false,
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

	@Parameter(label = "Part of the images for validation", min = "0.05", max = "0.5", stepSize = "0.05", persist = false,
		description = "This share of the image pairs (at least one) is held out, drawn at random with a fixed seed.")
	private double validation = 0.2;

	@Parameter(label = "Overwrite an existing model folder", persist = false)
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Training summary")
	private String summary;

	@Parameter
	private ModelCacheService models;

	@Override
	protected void execute() {
		if (images == null || labels == null) throw new VisionJException("Give a folder of images and a folder of label images (images=… labels=…).");
		if (output == null || output.getPath().isEmpty()) throw new VisionJException("Give the folder for the new model (output=…).");
		if (!(minutes > 0)) throw new VisionJException("The time budget must be more than 0 minutes, not " + minutes + ".");
		if (!(validation > 0 && validation < 1)) throw new VisionJException("The validation part must be between 0 and 1, not " + validation + ".");
		Path out = output.toPath().toAbsolutePath();
		checkOutput(out);
		// Evaluate's pairing, with the label images in the place of its predictions: a.tif or a_labels.tif ↔ a.png
		Map<String, Path[]> pairs = EvaluateCommand.pairs(labels.toPath(), images.toPath(), false);
		if (pairs.size() < 2) throw new VisionJException("Training needs at least two annotated images (one for validation), but " + images +
			" and " + labels + " pair only " + pairs.size() + ".");
		status.showStatus("VisionJ: loading model " + model + "…");
		LoadedModel parent = models.get(model.trim(), null);

		List<String> names = new ArrayList<>(pairs.keySet());
		Collections.shuffle(names, new Random(0));
		int nVal = Math.max(1, Math.min(names.size() - 1, (int) Math.round(names.size() * validation)));
		List<String> valNames = names.subList(0, nVal).stream().sorted().toList();
		List<String> trainNames = names.subList(nVal, names.size()).stream().sorted().toList();
		List<Annotated> train = read(trainNames, pairs), val = read(valNames, pairs);

		FineTuning.Options options = FineTuning.Options.DEFAULTS.withMinutes(minutes).withIterations(iterations);
		log.info(String.format(Locale.ROOT, "VisionJ Train: %s on %d training and %d validation images, at most %.1f minutes",
			parent.description().name(), train.size(), val.size(), minutes));
		Path work = tempFolder();
		try {
			FineTuning.Result result = FineTuning.run(parent, train, val, options, listener(), progress(), work);
			status.showStatus("VisionJ: writing " + out + "…");
			TrainedModel.write(out, parent.description(), model.trim(), result, trainNames, valNames, options, overwrite);
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

	/** The output must be new, or a model folder written before that the user allowed to be replaced. */
	private void checkOutput(Path out) {
		if (!Files.exists(out)) return;
		if (!overwrite) throw new VisionJException("The folder " + out + " already exists; choose a new folder for the model, " +
			"or turn on 'overwrite' to replace a model folder written before.");
		if (!Files.exists(out.resolve("bioimageio.yaml")) && !Files.exists(out.resolve("rdf.yaml"))) throw new VisionJException(
			"The folder " + out + " is not a model folder (it has no bioimageio.yaml), and 'overwrite' replaces only model folders; " +
			"choose a new folder for the model.");
	}

	private List<Annotated> read(List<String> names, Map<String, Path[]> pairs) {
		List<Annotated> list = new ArrayList<>();
		for (String name : names) {
			Path imagePath = pairs.get(name)[1], labelPath = pairs.get(name)[0];
			ImagePlus image = IJ.openImage(imagePath.toString());
			if (image == null) throw new VisionJException("Cannot read " + imagePath + ": ImageJ cannot open it as an image; check the file.");
			ImagePlus label = EvaluateCommand.open(labelPath);
			if (image.getWidth() != label.getWidth() || image.getHeight() != label.getHeight() || image.getStackSize() > 1 && image.getNChannels() == 1)
				throw new VisionJException("The image " + imagePath.getFileName() + " (" + image.getWidth() + "x" + image.getHeight() +
					") and its labels " + labelPath.getFileName() + " (" + label.getWidth() + "x" + label.getHeight() +
					") must be single 2D images of the same size; pair each 2D image with its label image.");
			list.add(new Annotated(name, ImagePlusBridge.wrap(image), EvaluateCommand.labels(label, 1)));
		}
		return list;
	}

	private FineTuning.Listener listener() {
		return new FineTuning.Listener() {
			@Override
			public void iteration(int iteration, double loss, double seconds, double budgetSeconds) {
				status.showStatus((int) seconds, (int) budgetSeconds, String.format(Locale.ROOT, "VisionJ Train: iteration %d, loss %.4f", iteration, loss));
			}

			@Override
			public void validated(FineTuning.Row row, boolean best) {
				String line = row.iteration() == 0 ? String.format(Locale.ROOT, "VisionJ Train: the parent model's validation AP50 is %.4f", row.ap50())
					: String.format(Locale.ROOT, "VisionJ Train: iteration %d, %.0f s, loss %.4f, validation AP50 %.4f%s", row.iteration(), row.seconds(),
						row.loss(), row.ap50(), best ? " (best so far)" : "");
				log.info(line);
				if (!headless()) IJ.log(line);
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
