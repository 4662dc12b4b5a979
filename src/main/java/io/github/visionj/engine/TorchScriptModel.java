package io.github.visionj.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/**
 * A TorchScript network loaded into PyTorch. Calls are serialised (one module, not thread-safe);
 * each call's arrays live in their own native scope that is freed before the call returns, and
 * outputs are copied out in one piece, so memory stays flat however many calls are made.
 */
public final class TorchScriptModel implements AutoCloseable {

	private final Model model;
	private final Path weights;
	private boolean closed;

	private TorchScriptModel(Model model, Path weights) {
		this.model = model;
		this.weights = weights;
	}

	/** Loads TorchScript weights on the engine's default device (a GPU when a GPU build of PyTorch is present, else the CPU). */
	public static TorchScriptModel load(Path weights) {
		Engine engine = PyTorch.engine();
		Model model = Model.newInstance("visionj", engine.defaultDevice(), engine.getEngineName());
		try {
			// mapLocation: weights saved from a GPU load on a CPU and vice versa
			model.load(weights, null, Map.of("mapLocation", "true"));
			return new TorchScriptModel(model, weights);
		}
		catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			throw new VisionJException("Cannot load the TorchScript weights " + weights + " (" + Messages.summary(e) +
				"); give a file saved with torch.jit.save by PyTorch 2.7 or older.", e);
		}
	}

	/** Runs a network with one input and returns its first output. */
	public FloatTensor predict(FloatTensor input) {
		return predict(List.of(input)).get(0);
	}

	/** Runs the network: one tensor per network input, one per output (a tuple or list output gives several). */
	public synchronized List<FloatTensor> predict(List<FloatTensor> inputs) {
		if (closed) throw new IllegalStateException("The network " + weights + " was closed");
		try (NDManager scope = model.getNDManager().newSubManager()) {
			NDList in = new NDList(inputs.size());
			for (FloatTensor t : inputs)
				in.add(scope.create(t.data(), new Shape(t.shape())));
			NDList out;
			try {
				out = model.getBlock().forward(new ParameterStore(scope, false), in, false);
			}
			catch (EngineException e) {
				throw new VisionJException("The network " + weights.getFileName() + " cannot process an input of shape " +
					shapes(inputs) + "; give it the axes and sizes its model description asks for: " + Messages.summary(e), e);
			}
			List<FloatTensor> outputs = new ArrayList<>(out.size());
			for (NDArray a : out) {
				NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
				outputs.add(new FloatTensor(f.toFloatArray(), f.getShape().getShape()));
			}
			return outputs;
		}
	}

	/** The device the network runs on, e.g. {@code cpu()} or {@code gpu(0)}. */
	public String device() {
		return model.getNDManager().getDevice().toString();
	}

	/** Native arrays still held by this network's manager: constant from one call to the next. */
	int liveArrays() {
		return ((BaseNDManager) model.getNDManager()).getManagedArrays().size();
	}

	@Override
	public synchronized void close() {
		if (closed) return;
		closed = true;
		model.close();
	}

	private static String shapes(List<FloatTensor> inputs) {
		return inputs.size() == 1 ? Arrays.toString(inputs.get(0).shape())
			: inputs.stream().map(t -> Arrays.toString(t.shape())).toList().toString();
	}
}
