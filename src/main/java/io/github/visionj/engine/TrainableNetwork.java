package io.github.visionj.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.visionj.VisionJException;
import io.github.visionj.model.WeightsFormat;
import io.github.visionj.image.FloatTensor;

/**
 * A TorchScript network loaded with its parameters trainable: Adam steps on a loss made of
 * {@link Term}s, and the module written back as TorchScript that {@code torch.jit.load} reads.
 * The network's first output and the targets are [B, C, h, w]; targets are packed channels whose
 * meaning each term names.
 */
public final class TrainableNetwork implements AutoCloseable {

	/** One part of the loss, multiplied by its factor. */
	public sealed interface Term permits BinaryCrossEntropy, WeightedL1, CrossEntropy {
		double factor();
	}

	/** Mean binary cross-entropy of output channel {@code output} (a probability) against target channel {@code target}. */
	public record BinaryCrossEntropy(int output, int target, double factor) implements Term {}

	/**
	 * Σ w·|o − t| / (Σ w · count) over output channels {@code output…output+count−1} against target
	 * channels {@code target…}, with the per-pixel weight in target channel {@code weight}.
	 */
	public record WeightedL1(int output, int target, int count, int weight, double factor) implements Term {}

	/**
	 * Cross-entropy of class probabilities (output channels {@code output…}, one per class weight)
	 * against one-hot targets (target channels {@code target…}), each pixel weighted by its class's weight.
	 */
	public record CrossEntropy(int output, int target, double[] classWeights, double factor) implements Term {}

	/** A parameter tensor of the network: its name in the module (e.g. {@code unet.enc.0.0.weight}) and its number of values. */
	public record Weights(String name, long size) {}

	private final Model model;
	private final PtSymbolBlock block;
	/** The parameters Adam updates; the others are frozen ({@link #trainOnly}). */
	private final List<Parameter> parameters = new ArrayList<>();
	private final Optimizer adam;

	private TrainableNetwork(Model model, double learningRate, int warmUpSteps) {
		this.model = model;
		this.block = (PtSymbolBlock) model.getBlock();
		block.getParameters().forEach(p -> parameters.add(p.getValue()));
		Tracker rate = Tracker.fixed((float) learningRate);
		if (warmUpSteps > 0) rate = Tracker.warmUp().setMainTracker(rate).optWarmUpSteps(warmUpSteps).optWarmUpBeginValue(0).build();
		adam = Optimizer.adam().optLearningRateTracker(rate).build();
		// Batch normalisation keeps the parent's running statistics: the small batches of a fine-tuning
		// would replace them with noisy ones. The forward passes below record gradients all the same.
		JniUtils.enableInferenceMode(block);
	}

	/**
	 * Loads TorchScript weights with trainable parameters on the engine's default device.
	 *
	 * @param warmUpSteps the learning rate rises linearly from 0 over this many steps (0: none)
	 */
	public static TrainableNetwork load(Path weights, double learningRate, int warmUpSteps) {
		Engine engine = Engines.engine(WeightsFormat.TORCHSCRIPT);
		Model model = Model.newInstance("visionj-train", engine.defaultDevice(), engine.getEngineName());
		try {
			model.load(weights, null, Map.of("trainParam", "true", "mapLocation", "true"));
			TrainableNetwork network = new TrainableNetwork(model, learningRate, warmUpSteps);
			if (network.parameters.isEmpty()) throw new VisionJException("The network " + weights.getFileName() +
				" has no parameters to train; give a model whose weights are learned.");
			return network;
		}
		catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			if (e instanceof VisionJException v) throw v;
			throw new VisionJException("Cannot load the TorchScript weights " + weights + " for training (" + Messages.summary(e) +
				"); give a file saved with torch.jit.save by PyTorch 2.7 or older.", e);
		}
	}

	/** Every parameter tensor of the network, in the module's order (for most networks, from input to output). */
	public List<Weights> weights() {
		return block.getParameters().stream().map(p -> new Weights(p.getKey(), p.getValue().getArray().getShape().size())).toList();
	}

	/**
	 * Trains only the named parameter tensors: the others are frozen (no gradient is computed for
	 * them, so the backward pass also skips the layers before the first trained one).
	 */
	public synchronized void trainOnly(Set<String> names) {
		parameters.clear();
		block.getParameters().forEach(p -> {
			boolean trained = names.contains(p.getKey());
			p.getValue().getArray().setRequiresGradient(trained);
			if (trained) parameters.add(p.getValue());
		});
		if (parameters.isEmpty()) throw new VisionJException("None of the network's parameters is chosen for training; choose more layers to train.");
	}

	/** The device the network trains on, e.g. {@code cpu()} or {@code gpu(0)}. */
	public String device() {
		return model.getNDManager().getDevice().toString();
	}

	/** The version of PyTorch that trains the network and writes its weights. */
	public String pytorchVersion() {
		return model.getNDManager().getEngine().getVersion();
	}

	/** One Adam step on a batch; returns the loss before the step. */
	public synchronized double step(FloatTensor input, FloatTensor target, List<Term> loss) {
		try (NDManager scope = model.getNDManager().newSubManager();
			GradientCollector collector = model.getNDManager().getEngine().newGradientCollector())
		{
			NDArray value = loss(forward(scope, input, true), scope.create(target.data(), new Shape(target.shape())), loss, scope);
			collector.backward(value);
			for (Parameter p : parameters) {
				NDArray weight = p.getArray();
				if (!weight.hasGradient()) continue;
				try (NDArray gradient = weight.getGradient()) {
					adam.update(p.getId(), weight, gradient);
				}
				JniUtils.zeroGrad((PtNDArray) weight);
			}
			return value.getFloat();
		}
	}

	/** The loss of a batch, without training. */
	public synchronized double loss(FloatTensor input, FloatTensor target, List<Term> loss) {
		try (NDManager scope = model.getNDManager().newSubManager()) {
			return loss(forward(scope, input, false), scope.create(target.data(), new Shape(target.shape())), loss, scope).getFloat();
		}
	}

	/**
	 * The first output; {@code gradients}: recorded for a step. The block's own forward would also
	 * switch the module to training mode, batch statistics and all; this one leaves its mode alone.
	 */
	private NDArray forward(NDManager scope, FloatTensor input, boolean gradients) {
		return IValueUtils.forward(block, new NDList(scope.create(input.data(), new Shape(input.shape()))), gradients).get(0);
	}

	private static NDArray loss(NDArray out, NDArray target, List<Term> terms, NDManager scope) {
		NDArray total = scope.zeros(new Shape());
		for (Term term : terms) {
			NDArray part;
			if (term instanceof BinaryCrossEntropy b) {
				NDArray p = channels(out, b.output(), 1).clip(1e-6f, 1 - 1e-6f);
				NDArray t = channels(target, b.target(), 1);
				part = t.mul(p.log()).add(t.neg().add(1f).mul(p.neg().add(1f).log())).mean().neg();
			}
			else if (term instanceof WeightedL1 l) {
				NDArray w = channels(target, l.weight(), 1);
				NDArray diff = channels(out, l.output(), l.count()).sub(channels(target, l.target(), l.count())).abs().mul(w);
				part = diff.sum().div(w.sum().mul((float) l.count()).add(1e-6f));
			}
			else {
				CrossEntropy c = (CrossEntropy) term;
				int k = c.classWeights().length;
				float[] cw = new float[k];
				for (int i = 0; i < k; i++)
					cw[i] = (float) c.classWeights()[i];
				NDArray w = channels(target, c.target(), k).mul(scope.create(cw, new Shape(1, k, 1, 1)));
				NDArray logP = channels(out, c.output(), k).clip(1e-6f, 1f).log();
				part = w.mul(logP).sum().neg().div(w.sum().add(1e-6f));
			}
			total = total.add(part.mul((float) term.factor()));
		}
		return total;
	}

	private static NDArray channels(NDArray a, int first, int count) {
		return a.get(new NDIndex(":, {}:{}", first, first + count));
	}

	/**
	 * Writes the module as TorchScript, in inference mode (so a consumer that does not call
	 * {@code eval()} also gets batch normalisation with its running statistics).
	 */
	public synchronized void save(Path file) {
		try (OutputStream out = Files.newOutputStream(file)) {
			JniUtils.writeModule(block, out, false);
		}
		catch (IOException e) {
			throw new VisionJException("Cannot write the weights " + file + " (" + e.getMessage() + "); check the folder's permissions.", e);
		}
	}

	@Override
	public synchronized void close() {
		model.close();
	}
}
