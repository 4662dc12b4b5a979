package io.github.visionj.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.visionj.VisionJException;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.CacheFolder;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.Npy;
import io.github.visionj.model.TensorDescription;
import io.github.visionj.model.Tolerance;

/**
 * Checks that a model reproduces its description's test outputs from its test inputs, within
 * bioimage.io's tolerance, as {@code bioimageio test} does. Weights that do not would otherwise run
 * silently and give wrong results.
 */
public final class SelfCheck {

	public enum Status {
		PASSED, MISMATCH, CANNOT_CHECK
	}

	/** @param message one sentence naming the model, its weights and the outcome (the largest difference) */
	public record Verdict(Status status, String message) {}

	private static final String VERDICT = "verdict.txt";

	/** How many checks were run, so tests can see that a second load does not check again. */
	static final AtomicInteger RUNS = new AtomicInteger();

	private SelfCheck() {}

	/**
	 * The verdict for the model, computed on the first call on this machine and then read back from
	 * VisionJ's cache folder. It is kept per weights (their SHA-256 and format) and per version of
	 * the description and its test tensors.
	 */
	public static Verdict once(LoadedModel model) {
		Path folder = CacheFolder.filled("self-check", key(model.description()), f -> {
			Verdict v = run(model);
			Files.writeString(f.resolve(VERDICT), v.status() + "\n" + v.message() + "\n", StandardCharsets.UTF_8);
		});
		try {
			List<String> lines = Files.readAllLines(folder.resolve(VERDICT), StandardCharsets.UTF_8);
			return new Verdict(Status.valueOf(lines.get(0)), lines.get(1));
		}
		catch (IOException | RuntimeException e) {
			// a damaged marker: check again without remembering
			return run(model);
		}
	}

	/** Runs the model on its test inputs and compares what it gives with its test outputs. */
	public static Verdict run(LoadedModel model) {
		RUNS.incrementAndGet();
		ModelDescription d = model.description();
		String what = d.name() + " (" + d.weights().format() + " weights " + d.weights().file().getFileName() + ")";
		List<FloatTensor> inputs = new ArrayList<>();
		List<FloatTensor> actual;
		try {
			for (TensorDescription t : d.inputs())
				inputs.add(Npy.read(testTensor(t, "input")));
			actual = TestRun.outputs(model, inputs);
		}
		catch (VisionJException | IllegalArgumentException e) {
			return cannotCheck(what, e);
		}
		double worst = 0;
		for (int i = 0; i < d.outputs().size(); i++) {
			TensorDescription out = d.outputs().get(i);
			FloatTensor expected;
			try {
				expected = Npy.read(testTensor(out, "output"));
			}
			catch (VisionJException e) {
				return cannotCheck(what, e);
			}
			FloatTensor got = actual.get(i);
			if (!Arrays.equals(squeezed(expected.shape()), squeezed(got.shape()))) return new Verdict(Status.MISMATCH,
				what + " gives its output '" + out.id() + "' the shape " + Arrays.toString(got.shape()) + " but its test " +
					"output has the shape " + Arrays.toString(expected.shape()) + "; the weights do not match the description.");
			Tolerance tol = d.tolerance(out.id());
			double max = 0;
			long mismatched = 0;
			float[] e = expected.data(), a = got.data();
			for (int k = 0; k < e.length; k++) {
				max = Math.max(max, Math.abs(e[k] - a[k]));
				if (!tol.matches(e[k], a[k])) mismatched++;
			}
			worst = Math.max(worst, max);
			double perMillion = mismatched * 1e6 / e.length;
			if (perMillion > tol.mismatchedPerMillion()) return new Verdict(Status.MISMATCH, what +
				" does not reproduce its test output '" + out.id() + "': max |difference| " + number(max) + ", " + mismatched +
				" of " + e.length + " values differ by more than " + number(tol.absolute()) + " + " + number(tol.relative()) +
				"·|expected| (" + number(tol.mismatchedPerMillion()) + " per million allowed); the weights, the description " +
				"or this engine's arithmetic are wrong: do not trust its results.");
		}
		return new Verdict(Status.PASSED, what + " reproduces its test outputs (max |difference| " + number(worst) + ").");
	}

	private static Verdict cannotCheck(String what, RuntimeException e) {
		String reason = e.getMessage();
		return new Verdict(Status.CANNOT_CHECK, what + " cannot be checked: " + reason + (reason.endsWith(".") ? "" : "."));
	}

	private static Path testTensor(TensorDescription t, String kind) {
		if (t.testTensor() == null) throw new VisionJException("the description names no test tensor for the " + kind +
			" '" + t.id() + "'; add one (test_tensor: source: …) to check the model");
		return t.testTensor();
	}

	/** The shape without its axes of size 1: test tensors written with and without a batch axis compare alike. */
	private static long[] squeezed(long[] shape) {
		return Arrays.stream(shape).filter(s -> s != 1).toArray();
	}

	private static String number(double v) {
		return String.format(Locale.ROOT, "%.3g", v);
	}

	/** The weights' SHA-256 and format, and the sizes and dates of the description and its test tensors. */
	private static String key(ModelDescription d) {
		StringBuilder s = new StringBuilder(d.weights().sha256()).append('|').append(d.weights().format());
		List<Path> files = new ArrayList<>(List.of(d.file()));
		files.addAll(d.testInputs());
		files.addAll(d.testOutputs());
		for (Path p : files) {
			try {
				s.append('|').append(p == null ? "none" : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
			}
			catch (IOException e) {
				s.append("|missing");
			}
		}
		try {
			return d.weights().sha256().substring(0, 16) + "-" + HexFormat.of().formatHex(
				MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
