package io.github.visionj.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.visionj.VisionJException;

/**
 * Chooses a description's weights (TorchScript first, else ONNX, unless a format is asked for) and
 * checks the file against its sha256.
 */
public final class Weights {

	/** Real path of each weights file already hashed → its size, modification time and SHA-256 then. */
	private static final Map<Path, String> HASHED = new ConcurrentHashMap<>();

	/** How many files were hashed, so tests can see that a second load does not hash again. */
	static final AtomicInteger HASHES = new AtomicInteger();

	private Weights() {}

	/** The formats VisionJ runs that the description offers, the preferred one first. */
	static List<WeightsFormat> formats(YamlMap root) {
		YamlMap weights = root.map("weights");
		if (weights == null || weights.values().isEmpty()) throw new VisionJException("The model description " +
			root.file() + " names no weights; VisionJ needs TorchScript or ONNX weights (weights: torchscript: source: …).");
		List<WeightsFormat> offered = Arrays.stream(WeightsFormat.values()).filter(f -> entry(weights, f) != null).toList();
		if (offered.isEmpty()) throw new VisionJException("The model " + root.file() + " offers only " +
			String.join(", ", weights.values().keySet()) + " weights but VisionJ needs torchscript or onnx weights; " +
			"convert the model with bioimageio.core or ask its authors for a TorchScript or ONNX export.");
		return offered;
	}

	/**
	 * The weights file of the format asked for, or of the preferred format when {@code wanted} is null.
	 */
	static WeightsFile choose(YamlMap root, Path folder, WeightsFormat wanted) {
		List<WeightsFormat> offered = formats(root);
		WeightsFormat format = wanted != null ? wanted : offered.get(0);
		YamlMap entry = entry(root.map("weights"), format);
		if (entry == null) throw new VisionJException("The model " + root.file() + " has no " + format + " weights; " +
			"choose the weights it offers (" + String.join(", ", offered.stream().map(WeightsFormat::key).toList()) +
			") or auto.");
		String source = entry.requireString("source");
		if (source.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) throw new VisionJException("The " + name(format) +
			" weights of " + root.file() + " are at " + source + " but VisionJ reads only local files; download that " +
			"file next to the description and set weights: " + format + ": source to its file name.");
		Path file = entry.fileIn(folder, "source", source);
		if (!Files.isRegularFile(file)) throw new VisionJException("The weights file " + file + " named in " +
			root.file() + " is missing; put it next to the description or fix weights: " + format + ": source.");
		Object expected = entry.get("sha256");
		// YAML reads a checksum of digits only as a number; its text is then lost
		if (expected != null && !(expected instanceof String)) throw entry.invalid("sha256", "64 hexadecimal digits in quotes");
		String actual = sha256(file);
		if (expected != null && !actual.equals(((String) expected).toLowerCase())) throw new VisionJException(
			"The weights file " + file + " does not match the sha256 given in " + root.file() + " (expected " +
			((String) expected).toLowerCase() + ", found " + actual + "); the file is damaged or was replaced: " +
			"download the model again.");
		return new WeightsFile(format, file, actual);
	}

	private static YamlMap entry(YamlMap weights, WeightsFormat format) {
		// pytorch_script is the name of TorchScript in descriptions before 0.4
		return switch (format) {
			case TORCHSCRIPT -> weights.has("torchscript") ? weights.map("torchscript") : weights.map("pytorch_script");
			case ONNX -> weights.map("onnx");
		};
	}

	private static String name(WeightsFormat format) {
		return format == WeightsFormat.TORCHSCRIPT ? "TorchScript" : "ONNX";
	}

	/** The file's SHA-256, as bioimage.io descriptions give it, computed once per version of the file (size and modification time). */
	public static String sha256(Path file) {
		try {
			Path key = file.toRealPath();
			String stamp = Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis() + "|";
			String known = HASHED.get(key);
			if (known != null && known.startsWith(stamp)) return known.substring(stamp.length());
			String sha = hash(file);
			HASHED.put(key, stamp + sha);
			return sha;
		}
		catch (IOException e) {
			throw new VisionJException("Cannot read the weights file " + file + " (" + e.getMessage() +
				"); check that it is readable.", e);
		}
	}

	private static String hash(Path file) throws IOException {
		HASHES.incrementAndGet();
		try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
			MessageDigest.getInstance("SHA-256")))
		{
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(in.getMessageDigest().digest());
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
