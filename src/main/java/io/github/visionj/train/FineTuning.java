package io.github.visionj.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.Decoders;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.Network;
import io.github.visionj.model.WeightsFormat;
import io.github.visionj.engine.TrainableNetwork;
import io.github.visionj.evaluate.Scores;
import io.github.visionj.evaluate.Evaluation;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.pipeline.InputCheck;
import io.github.visionj.pipeline.ModelRunner;
import io.github.visionj.pipeline.Plane;
import io.github.visionj.pipeline.Progress;
import io.github.visionj.pipeline.RunOptions;

/**
 * Fine-tunes a model on annotated images: Adam steps on augmented crops of the training images
 * until the time budget or the iteration limit is spent, the validation AP50 stopped improving
 * or the user canceled. The weights with the best validation AP50 are kept (the parent's, when no
 * step improved on it), then the decoder's thresholds are tuned on the validation images.
 */
public final class FineTuning {

	/**
	 * @param minutes time budget (validation included)
	 * @param maxIterations stop after this many steps (0: no limit)
	 * @param warmUp the learning rate rises from 0 over this many steps, so the first steps of Adam do not
	 *          shake a trained network
	 * @param validateEvery validate every this many steps (0: about twelve times within the budget, and
	 *          at most a quarter of the time)
	 * @param patience stop after this many validations without a better AP50
	 * @param layers the layers trained; the others keep the parent's weights
	 */
	public record Options(double minutes, int maxIterations, int batch, int crop, double learningRate, int warmUp, int validateEvery,
		int patience, long seed, TrainedLayers layers)
	{
		public static final Options DEFAULTS = new Options(10, 0, 8, 128, TrainedLayers.OUTPUT.learningRate(), 10, 0, 5, 0,
			TrainedLayers.OUTPUT);

		public Options withMinutes(double m) {
			return new Options(m, maxIterations, batch, crop, learningRate, warmUp, validateEvery, patience, seed, layers);
		}

		public Options withIterations(int n) {
			return new Options(minutes, n, batch, crop, learningRate, warmUp, validateEvery, patience, seed, layers);
		}

		/** These layers, at their learning rate. */
		public Options withLayers(TrainedLayers l) {
			return new Options(minutes, maxIterations, batch, crop, l.learningRate(), warmUp, validateEvery, patience, seed, l);
		}
	}

	/** One validation: the step it followed, seconds since the start, the mean training loss since the last one, AP50. */
	public record Row(int iteration, double seconds, double loss, double ap50) {}

	/** What training reports while it runs. */
	public interface Listener {
		void iteration(int iteration, double loss, double seconds, double budgetSeconds);

		void validated(Row row, boolean best);
	}

	/**
	 * @param weights the best weights (a file in the work folder)
	 * @param probeLoss loss of one fixed training batch in inference mode before training and with the last weights
	 * @param parentScores, parentTunedScores, tunedScores scores on the validation images at IoU 0.5…0.9: the
	 *          parent at its own thresholds and at thresholds tuned for it as for the fine-tuned model (what the
	 *          new weights add beyond the tuning), the fine-tuned model at the tuned thresholds
	 */
	public record Result(Path weights, DecoderSettings settings, int iterations, double seconds, String stopped, List<Row> history,
		double[] probeLoss, List<Scores> parentScores, List<Scores> parentTunedScores, List<Scores> tunedScores, String device,
		String pytorchVersion, int crop)
	{
		public boolean improved() {
			return history.stream().anyMatch(r -> r.iteration() > 0 && r.ap50() > history.get(0).ap50());
		}
	}

	private FineTuning() {}

	public static Result run(LoadedModel parent, List<Annotated> train, List<Annotated> validation, Options options, Listener listener,
		Progress progress, Path work)
	{
		if (train.isEmpty() || validation.isEmpty()) throw new VisionJException("Training needs at least one training and one validation image; " +
			"give at least two annotated images.");
		ModelDescription description = parent.description();
		String key = description.visionj().decoder();
		ModelRunner runner = new ModelRunner(parent, new RunOptions(0, false, progress));
		if (!runner.isDense()) throw new VisionJException("Model '" + description.name() + "' does not output maps aligned with its input; " +
			"VisionJ trains segmentation models only.");
		for (Annotated a : train)
			InputCheck.check(runner, a.image());
		for (Annotated a : validation)
			InputCheck.check(runner, a.image());
		FloatTensor first = runner.normalisedInput(train.get(0).image(), new Plane(0, 0));
		if (first.rank() != 4 || first.dim(0) != 1) throw new VisionJException("Model '" + description.name() +
			"' does not take a 2D image as [batch, channel, y, x]; VisionJ trains such 2D models only.");
		InstanceDecoder decoder = Decoders.require(key == null ? "foreground" : key, InstanceDecoder.class, "training");
		// cancel is read between steps only: a validation or the final tuning runs to its end, so the
		// best model so far is always written
		Progress uninterrupted = new Progress() {
			@Override
			public void report(String stage, long done, long total) {
				progress.report(stage, done, total);
			}

			@Override
			public boolean isCanceled() {
				return false;
			}
		};
		Validation val = new Validation(validation, decoder, runner.tileSize(), uninterrupted);
		Validation.Maps parentMaps = val.maps(parent);
		Objective objective = Objective.of(decoder.key(), (int) parentMaps.maps().get(0).dim(0));
		int grid = runner.grid();

		List<Batches.Sample> samples = new ArrayList<>();
		int smallest = Integer.MAX_VALUE;
		for (Annotated a : train) {
			FloatTensor in = runner.normalisedInput(a.image(), new Plane(0, 0));
			samples.add(new Batches.Sample(new FloatTensor(in.data(), in.dim(1), in.dim(2), in.dim(3)),
				objective.targets(a.labels(), a.width(), a.height()), a.width(), a.height()));
			smallest = Math.min(smallest, Math.min(a.width(), a.height()));
		}
		int step = Math.max(16, grid);
		int crop = Math.min(options.crop(), smallest) / step * step;
		if (crop < step) throw new VisionJException("The training images must be at least " + step + " pixels wide and high; " +
			"the smallest is " + smallest + ".");

		DecoderSettings settings = description.visionj().defaults();
		long start = System.nanoTime();
		double budget = options.minutes() * 60;
		List<Row> history = new ArrayList<>();
		history.add(new Row(0, 0, Double.NaN, val.ap50(parentMaps, settings)));
		listener.validated(history.get(0), true);
		Path best = work.resolve("best.pt"), candidate = work.resolve("candidate.pt");
		copy(torchscriptWeights(description), best);
		double bestAp = history.get(0).ap50();
		String stopped = "time budget";
		int iteration = 0, sinceBest = 0;
		double[] probeLoss = new double[2];
		String device, version;
		try (TrainableNetwork net = TrainableNetwork.load(torchscriptWeights(description), options.learningRate(), options.warmUp())) {
			net.trainOnly(options.layers().select(net.weights()));
			device = net.device();
			version = net.pytorchVersion();
			Batches batches = new Batches(samples, objective, crop, grid, options.seed());
			Batches.Batch probe = new Batches(samples, objective, crop, grid, options.seed() + 1).next(options.batch());
			probeLoss[0] = net.loss(probe.input(), probe.target(), objective.loss());
			double lossSum = 0;
			int lossCount = 0;
			double nextValidation = budget / 12;
			while (true) {
				double seconds = seconds(start);
				if (progress.isCanceled()) {
					stopped = "canceled";
					break;
				}
				if (options.maxIterations() > 0 && iteration >= options.maxIterations()) {
					stopped = "iteration limit";
					break;
				}
				if (seconds >= budget) break;
				Batches.Batch batch = batches.next(options.batch());
				double loss = net.step(batch.input(), batch.target(), objective.loss());
				if (!Double.isFinite(loss)) throw new VisionJException("The training loss became " + loss +
					"; the images or labels may be unusual (check that the label images match the images).");
				iteration++;
				lossSum += loss;
				lossCount++;
				seconds = seconds(start);
				listener.iteration(iteration, loss, seconds, budget);
				boolean due = options.validateEvery() > 0 ? iteration % options.validateEvery() == 0 : seconds >= nextValidation;
				boolean last = options.maxIterations() > 0 && iteration >= options.maxIterations() || seconds >= budget;
				if (!due && !last) continue;
				net.save(candidate);
				double ap = ap50(val, description, candidate, settings);
				nextValidation = seconds(start) + Math.max(budget / 12, 3 * (seconds(start) - seconds));
				Row row = new Row(iteration, seconds(start), lossSum / lossCount, ap);
				history.add(row);
				lossSum = 0;
				lossCount = 0;
				boolean better = ap > bestAp;
				listener.validated(row, better);
				if (better) {
					bestAp = ap;
					sinceBest = 0;
					move(candidate, best);
				}
				else if (++sinceBest >= options.patience()) {
					stopped = "no better validation AP50 in " + options.patience() + " validations";
					break;
				}
			}
			probeLoss[1] = net.loss(probe.input(), probe.target(), objective.loss());
		}
		double seconds = seconds(start);
		try (Network tuned = Network.load(WeightsFormat.TORCHSCRIPT, best)) {
			Validation.Maps maps = val.maps(new LoadedModel(description, tuned));
			DecoderSettings tunedSettings = val.tune(maps, settings);
			List<Scores> parentScores = val.evaluate(parentMaps, settings, Evaluation.DEFAULT_THRESHOLDS).total();
			List<Scores> parentTuned = val.evaluate(parentMaps, val.tune(parentMaps, settings), Evaluation.DEFAULT_THRESHOLDS).total();
			List<Scores> tunedScores = val.evaluate(maps, tunedSettings, Evaluation.DEFAULT_THRESHOLDS).total();
			return new Result(best, tunedSettings, iteration, seconds, stopped, history, probeLoss, parentScores, parentTuned, tunedScores,
				device, version, crop);
		}
	}

	private static double ap50(Validation val, ModelDescription description, Path weights, DecoderSettings settings) {
		try (Network network = Network.load(WeightsFormat.TORCHSCRIPT, weights)) {
			return val.ap50(val.maps(new LoadedModel(description, network)), settings);
		}
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	private static void copy(Path from, Path to) {
		try {
			Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException e) {
			throw new VisionJException("Cannot copy " + from + " to " + to + " (" + e.getMessage() + "); check the folder's permissions.", e);
		}
	}

	private static void move(Path from, Path to) {
		try {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException e) {
			throw new VisionJException("Cannot move " + from + " to " + to + " (" + e.getMessage() + "); check the folder's permissions.", e);
		}
	}

	/** The parent's TorchScript weights: what DJL can train. */
	static Path torchscriptWeights(ModelDescription description) {
		if (description.weights().format() != WeightsFormat.TORCHSCRIPT) throw new VisionJException("Train fine-tunes " +
			"TorchScript weights, and model '" + description.name() + "' runs " + description.weights().format() +
			" weights; give a model with TorchScript weights (weights: torchscript: in its description).");
		return description.weights().file();
	}
}
