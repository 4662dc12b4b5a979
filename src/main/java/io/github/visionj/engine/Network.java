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
import io.github.visionj.model.WeightsFile;
import io.github.visionj.model.WeightsFormat;

/**
 * A network loaded into the DJL engine of its weights format: TorchScript into PyTorch, ONNX into
 * OnnxRuntime. Both run through the same calls, so everything above this class sees one kind of
 * network. Calls are serialised (one module, not thread-safe); each call's arrays live in their own
 * native scope that is freed before the call returns, and outputs are copied out in one piece, so
 * memory stays flat however many calls are made.
 */
public final class Network implements AutoCloseable {

	private final Model model;
	private final WeightsFormat format;
	private final Path weights;
	private boolean closed;

	private Network(Model model, WeightsFormat format, Path weights) {
		this.model = model;
		this.format = format;
		this.weights = weights;
	}

	public static Network load(WeightsFile weights) {
		return load(weights.format(), weights.file());
	}

	/**
	 * Loads weights on their engine's default device (a GPU when a GPU build of the engine is present, else
	 * the CPU).
	 */
	public static Network load(WeightsFormat format, Path weights) {
		Engine engine = Engines.engine(format);
		Model model = Model.newInstance("visionj", engine.defaultDevice(), engine.getEngineName());
		try {
			// mapLocation: TorchScript saved from a GPU loads on a CPU and vice versa
			model.load(weights, null, format == WeightsFormat.TORCHSCRIPT ? Map.of("mapLocation", "true") : Map.of());
			return new Network(model, format, weights);
		}
		catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			throw new VisionJException(switch (format) {
				case TORCHSCRIPT -> "Cannot load the TorchScript weights " + weights + " (" + Messages.summary(e) +
					"); give a file saved with torch.jit.save by PyTorch 2.7 or older.";
				case ONNX -> "Cannot load the ONNX weights " + weights + " (" + Messages.summary(e) +
					"); give an ONNX file of opset 22 or older (ONNX Runtime 1.21).";
			}, e);
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
			for (NDArray a : out)
				outputs.add(new FloatTensor(floats(a), a.getShape().getShape()));
			return outputs;
		}
	}

	/** The weights format, which says which engine runs the network. */
	public WeightsFormat format() {
		return format;
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

	/** The values as floats, converted here since OnnxRuntime's arrays cannot change their own type. */
	private static float[] floats(NDArray a) {
		if (a.getDataType() == DataType.FLOAT32) return a.toFloatArray();
		if (a.getDataType() == DataType.BOOLEAN) {
			boolean[] b = a.toBooleanArray();
			float[] f = new float[b.length];
			for (int i = 0; i < f.length; i++)
				f[i] = b[i] ? 1 : 0;
			return f;
		}
		Number[] values = a.toArray();
		float[] f = new float[values.length];
		for (int i = 0; i < f.length; i++)
			f[i] = values[i].floatValue();
		return f;
	}

	private static String shapes(List<FloatTensor> inputs) {
		return inputs.size() == 1 ? Arrays.toString(inputs.get(0).shape())
			: inputs.stream().map(t -> Arrays.toString(t.shape())).toList().toString();
	}
}
