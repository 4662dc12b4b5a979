package io.github.visionj.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.visionj.VisionJException;

/** Finds a description's TorchScript weights and checks them against their sha256. */
public final class Weights {

	/** Real path of each weights file already verified → its size and modification time then. */
	private static final Map<Path, String> VERIFIED = new ConcurrentHashMap<>();

	/** How many files were hashed, so tests can see that a second load does not hash again. */
	static final AtomicInteger HASHES = new AtomicInteger();

	private Weights() {}

	static Path torchscript(YamlMap root, Path folder) {
		YamlMap weights = root.map("weights");
		if (weights == null || weights.values().isEmpty()) throw new VisionJException("The model description " +
			root.file() + " names no weights; VisionJ needs TorchScript weights (weights: torchscript: source: …).");
		// pytorch_script is the name of the same format in descriptions before 0.4
		YamlMap entry = weights.has("torchscript") ? weights.map("torchscript") : weights.map("pytorch_script");
		if (entry == null) throw new VisionJException("The model " + root.file() + " offers only " +
			String.join(", ", weights.values().keySet()) + " weights but VisionJ needs torchscript weights; " +
			"convert the model with bioimageio.core or ask its authors for a TorchScript export.");
		String source = entry.requireString("source");
		if (source.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) throw new VisionJException("The TorchScript weights of " +
			root.file() + " are at " + source + " but VisionJ reads only local files; download that file next to the " +
			"description and set weights: torchscript: source to its file name.");
		Path file = folder.resolve(source).normalize();
		if (!Files.isRegularFile(file)) throw new VisionJException("The weights file " + file + " named in " +
			root.file() + " is missing; put it next to the description or fix weights: torchscript: source.");
		Object expected = entry.get("sha256");
		// YAML reads a checksum of digits only as a number; its text is then lost
		if (expected != null && !(expected instanceof String)) throw entry.invalid("sha256", "64 hexadecimal digits in quotes");
		if (expected != null) verify(file, ((String) expected).toLowerCase(), root.file());
		return file;
	}

	private static void verify(Path file, String expected, Path description) {
		try {
			Path key = file.toRealPath();
			String stamp = Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis() + "|" + expected;
			if (stamp.equals(VERIFIED.get(key))) return;
			String actual = sha256(file);
			if (!actual.equals(expected)) throw new VisionJException("The weights file " + file +
				" does not match the sha256 given in " + description + " (expected " + expected + ", found " + actual +
				"); the file is damaged or was replaced: download the model again.");
			VERIFIED.put(key, stamp);
		}
		catch (IOException e) {
			throw new VisionJException("Cannot read the weights file " + file + " (" + e.getMessage() +
				"); check that it is readable.", e);
		}
	}

	/** The sha256 of a file, as bioimage.io descriptions give it. */
	public static String sha256(Path file) throws IOException {
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
