package io.github.visionj.train;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.github.visionj.VisionJException;
import io.github.visionj.engine.Network;
import io.github.visionj.model.WeightsFormat;
import io.github.visionj.evaluate.Scores;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.Npy;
import io.github.visionj.model.Processing;
import io.github.visionj.model.TensorDescription;
import io.github.visionj.model.Weights;

/**
 * Writes a fine-tuned model as a bioimage.io model folder: the parent's files (licence, test
 * input, …), the new TorchScript weights, the test output they give, the description with new
 * checksums, the tuned thresholds and the training record under {@code config.visionj.training},
 * a README and the training log. The folder is written under a temporary name and then moved.
 */
public final class TrainedModel {

	static final String WEIGHTS = "weights.pt", README = "README.md", LOG = "training-log.csv";

	private TrainedModel() {}

	/**
	 * @param overwrite replace an existing folder at {@code output}
	 * @param parentSource what the user named the parent by (a bundled id or a path)
	 * @param images, validationImages the names of the training and validation images
	 */
	public static void write(Path output, ModelDescription parent, String parentSource, FineTuning.Result result, List<String> images,
		List<String> validationImages, FineTuning.Options options, boolean overwrite)
	{
		Path staging = output.resolveSibling("." + output.getFileName() + ".partial");
		try {
			deleteTree(staging);
			Files.createDirectories(staging);
			Set<Path> replaced = Set.of(parent.file(), FineTuning.torchscriptWeights(parent), parent.folder().resolve(README), parent.folder().resolve(LOG));
			try (Stream<Path> files = Files.list(parent.folder())) {
				for (Path f : files.filter(Files::isRegularFile).toList())
					if (!replaced.contains(f) && !parent.testOutputs().contains(f) && !f.getFileName().toString().endsWith(".yaml"))
						Files.copy(f, staging.resolve(f.getFileName()));
			}
			Files.copy(result.weights(), staging.resolve(WEIGHTS));
			writeTestOutputs(parent, staging);
			Map<String, Object> yaml = description(parent, parentSource, result, images, validationImages, options, staging);
			DumperOptions dump = new DumperOptions();
			dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
			dump.setWidth(120);
			Files.writeString(staging.resolve(parent.file().getFileName().toString().equals("rdf.yaml") ? "rdf.yaml" : "bioimageio.yaml"),
				new Yaml(dump).dump(yaml));
			Files.writeString(staging.resolve(README), readme(parent, parentSource, result, images, validationImages, options));
			Files.writeString(staging.resolve(LOG), log(result));
			if (Files.exists(output)) {
				if (!overwrite) throw new VisionJException("The folder " + output + " already exists; choose a new folder for the model.");
				Path old = output.resolveSibling("." + output.getFileName() + ".old");
				deleteTree(old);
				Files.move(output, old);
				Files.move(staging, output);
				deleteTree(old);
			}
			else Files.move(staging, output);
		}
		catch (IOException e) {
			throw new VisionJException("Cannot write the model folder " + output + " (" + e.getMessage() + "); check the folder's permissions.", e);
		}
	}

	/** The new weights' output for each test input, after the description's pre- and postprocessing. */
	private static void writeTestOutputs(ModelDescription parent, Path folder) {
		TensorDescription in = parent.inputs().get(0), out = parent.outputs().get(0);
		if (parent.testInputs().isEmpty() || parent.testInputs().get(0) == null || parent.testOutputs().isEmpty()) return;
		try (Network network = Network.load(WeightsFormat.TORCHSCRIPT, folder.resolve(WEIGHTS))) {
			FloatTensor input = Npy.read(parent.testInputs().get(0));
			Processing.apply(in.processing(), input, in.axes(), Map.of(in.id(), input));
			FloatTensor output = network.predict(input);
			Processing.apply(out.processing(), output, out.axes(), Map.of(in.id(), input, out.id(), output));
			Npy.write(folder.resolve(parent.testOutputs().get(0).getFileName()), output);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> description(ModelDescription parent, String parentSource, FineTuning.Result result, List<String> images,
		List<String> validationImages, FineTuning.Options options, Path folder) throws IOException
	{
		Map<String, Object> yaml;
		try (Reader r = Files.newBufferedReader(parent.file())) {
			yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
		}
		yaml.put("name", yaml.get("name") + " (fine-tuned)");
		yaml.put("description", "Fine-tuned by VisionJ Train from '" + parent.name() + "' on " + images.size() + " annotated image(s). " +
			yaml.get("description"));
		yaml.put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
		yaml.put("documentation", README);
		Map<String, Object> torchscript = (Map<String, Object>) ((Map<String, Object>) yaml.get("weights")).get("torchscript");
		torchscript.put("source", WEIGHTS);
		torchscript.put("sha256", Weights.sha256(folder.resolve(WEIGHTS)));
		if (result.improved()) torchscript.put("pytorch_version", result.pytorchVersion());
		for (Object o : (List<Object>) yaml.getOrDefault("outputs", List.of()))
			if (o instanceof Map<?, ?> output && output.get("test_tensor") instanceof Map<?, ?> tensor && tensor.get("source") instanceof String source) {
				Map<String, Object> t = (Map<String, Object>) tensor;
				t.put("sha256", Weights.sha256(folder.resolve(source)));
			}
		Map<String, Object> config = (Map<String, Object>) yaml.computeIfAbsent("config", k -> new LinkedHashMap<>());
		Map<String, Object> visionj = (Map<String, Object>) config.computeIfAbsent("visionj", k -> new LinkedHashMap<>());
		Map<String, Object> thresholds = (Map<String, Object>) visionj.computeIfAbsent("thresholds", k -> new LinkedHashMap<>());
		thresholds.put("probability", result.settings().probability());
		thresholds.put("nms_iou", result.settings().nmsIou());
		Map<String, Object> training = new LinkedHashMap<>();
		training.put("parent", parentSource);
		training.put("parent_name", parent.name());
		training.put("parent_weights_sha256", Weights.sha256(FineTuning.torchscriptWeights(parent)));
		training.put("images", images);
		training.put("validation_images", validationImages);
		training.put("iterations", result.iterations());
		training.put("seconds", Math.round(result.seconds()));
		training.put("stopped", result.stopped());
		training.put("batch", options.batch());
		training.put("crop", result.crop());
		training.put("learning_rate", options.learningRate());
		training.put("layers", options.layers().key());
		training.put("device", result.device());
		Map<String, Object> ap50 = new LinkedHashMap<>();
		ap50.put("parent", round(result.parentScores().get(0).ap()));
		ap50.put("parent_tuned_thresholds", round(result.parentTunedScores().get(0).ap()));
		ap50.put("fine_tuned", round(result.tunedScores().get(0).ap()));
		training.put("validation_ap50", ap50);
		visionj.put("training", training);
		return yaml;
	}

	private static double round(double v) {
		return Math.round(v * 10000) / 10000.0;
	}

	private static String readme(ModelDescription parent, String parentSource, FineTuning.Result r, List<String> images,
		List<String> validationImages, FineTuning.Options options)
	{
		StringBuilder s = new StringBuilder();
		s.append("# ").append(parent.name()).append(" (fine-tuned)\n\n");
		s.append(String.format(Locale.ROOT, "Fine-tuned by VisionJ's Train command from `%s` (%s) on %d annotated image(s), validated on %d: "
			+ "%d iterations in %.0f s on %s (PyTorch %s), batches of %d crops of %d x %d pixels, Adam with learning rate %s on the %s layers; "
			+ "stopped by: %s. Thresholds tuned on the validation images: probability %.2f, overlap %.2f.%n%n",
			parentSource, parent.name(), images.size(), validationImages.size(), r.iterations(), r.seconds(), r.device(), r.pytorchVersion(),
			options.batch(), r.crop(), r.crop(), options.learningRate(), options.layers().key(), r.stopped(), r.settings().probability(), r.settings().nmsIou()));
		if (!r.improved()) s.append("No training step improved the validation AP50, so the weights are the parent's.\n\n");
		s.append(comparison(r)).append('\n');
		s.append("Training images: ").append(String.join(", ", images)).append("\n\nValidation images: ")
			.append(String.join(", ", validationImages)).append("\n\n");
		s.append("The per-validation log is `").append(LOG).append("`. The parent model's description and licence apply; its README:\n\n");
		s.append("---\n\n");
		try {
			Path readme = parent.folder().resolve(README);
			if (Files.exists(readme)) s.append(Files.readString(readme));
		}
		catch (IOException e) {
			s.append("(the parent's README could not be read)\n");
		}
		return s.toString();
	}

	/**
	 * The parent (at its own thresholds, and at thresholds tuned for it) and the fine-tuned model (at
	 * the tuned thresholds) on the validation images, as a Markdown table.
	 */
	public static String comparison(FineTuning.Result r) {
		StringBuilder s = new StringBuilder("| validation images | AP50 | TP | FP | FN | AP at IoU 0.5 / 0.6 / 0.7 / 0.8 / 0.9 |\n|---|---:|---:|---:|---:|---|\n");
		row(s, "parent", r.parentScores());
		row(s, "parent, thresholds tuned", r.parentTunedScores());
		row(s, "fine-tuned, thresholds tuned", r.tunedScores());
		return s.toString();
	}

	private static void row(StringBuilder s, String name, List<Scores> scores) {
		Scores a = scores.get(0);
		s.append(String.format(Locale.ROOT, "| %s | %.3f | %d | %d | %d | ", name, a.ap(), a.tp(), a.fp(), a.fn()));
		StringBuilder aps = new StringBuilder();
		for (Scores x : scores)
			if (Math.round(x.threshold() * 100) % 10 == 0) aps.append(aps.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.3f", x.ap()));
		s.append(aps).append(" |\n");
	}

	private static String log(FineTuning.Result r) {
		StringBuilder s = new StringBuilder("iteration,seconds,train_loss,val_ap50\n");
		for (FineTuning.Row row : r.history())
			s.append(String.format(Locale.ROOT, "%d,%.1f,%s,%.4f%n", row.iteration(), row.seconds(),
				Double.isNaN(row.loss()) ? "" : String.format(Locale.ROOT, "%.4f", row.loss()), row.ap50()));
		return s.toString();
	}

	private static void deleteTree(Path folder) throws IOException {
		if (!Files.exists(folder)) return;
		try (Stream<Path> all = Files.walk(folder)) {
			for (Path p : all.sorted(Comparator.reverseOrder()).toList())
				Files.delete(p);
		}
	}
}
