package io.github.visionj.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import io.github.visionj.VisionJException;

/**
 * A YAML mapping read from a model description, with typed getters whose errors name the
 * file and the key, so a malformed description is reported as the user wrote it.
 *
 * @param values the mapping
 * @param path where the mapping sits in the file, e.g. {@code inputs[0].preprocessing[1].kwargs}
 * @param file the description file
 */
record YamlMap(Map<String, Object> values, String path, Path file) {

	/** Reads a YAML file whose top level is a mapping. */
	static YamlMap read(Path file) {
		Object root;
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		}
		catch (MarkedYAMLException e) {
			int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
			throw new VisionJException("The model description " + file + " is not valid YAML at line " + line + " (" +
				e.getProblem() + "); fix that line.", e);
		}
		catch (YAMLException | IOException e) {
			throw new VisionJException("Cannot read the model description " + file + " (" + e.getMessage() +
				"); check that it is a readable YAML file.", e);
		}
		if (!(root instanceof Map)) throw new VisionJException("The model description " + file +
			" is not a YAML mapping of keys to values; give a bioimage.io rdf.yaml or bioimageio.yaml.");
		return of(root, "", file);
	}

	boolean has(String key) {
		return values.get(key) != null;
	}

	Object get(String key) {
		return values.get(key);
	}

	/** A string value (numbers are turned into their text), or null when absent. */
	String string(String key) {
		Object v = values.get(key);
		if (v == null) return null;
		if (v instanceof Map || v instanceof List) throw invalid(key, "a single value");
		return v.toString();
	}

	String requireString(String key) {
		String v = string(key);
		if (v == null) throw missing(key);
		return v;
	}

	/** A nested mapping, or null when absent. */
	YamlMap map(String key) {
		Object v = values.get(key);
		if (v == null) return null;
		if (!(v instanceof Map)) throw invalid(key, "a mapping of keys to values");
		return of(v, child(key), file);
	}

	/** A list, empty when absent. */
	List<Object> list(String key) {
		Object v = values.get(key);
		if (v == null) return List.of();
		if (!(v instanceof List<?> l)) throw invalid(key, "a list");
		return new ArrayList<>(l);
	}

	/** A list of mappings, empty when absent. */
	List<YamlMap> maps(String key) {
		List<Object> items = list(key);
		List<YamlMap> maps = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			if (!(items.get(i) instanceof Map)) throw invalid(key + "[" + i + "]", "a mapping of keys to values");
			maps.add(of(items.get(i), child(key) + "[" + i + "]", file));
		}
		return maps;
	}

	double number(String key, double missingValue) {
		Object v = values.get(key);
		return v == null ? missingValue : toNumber(key, v);
	}

	double requireNumber(String key) {
		if (!has(key)) throw missing(key);
		return number(key, 0);
	}

	/** One number or a list of numbers, as a list; null when absent. */
	List<Double> numbers(String key) {
		Object v = values.get(key);
		if (v == null) return null;
		List<Double> out = new ArrayList<>();
		if (v instanceof List<?> l) for (Object o : l)
			out.add(toNumber(key, o));
		else out.add(toNumber(key, v));
		return out;
	}

	boolean bool(String key, boolean missingValue) {
		Object v = values.get(key);
		if (v == null) return missingValue;
		if (!(v instanceof Boolean b)) throw invalid(key, "true or false");
		return b;
	}

	/**
	 * The file named {@code name} (the value of {@code key}) relative to the model folder; a name that
	 * leads outside the folder (absolute, or through {@code ..}) is refused.
	 */
	Path fileIn(Path folder, String key, String name) {
		try {
			Path file = folder.resolve(name).normalize();
			if (file.startsWith(folder) && !file.equals(folder)) return file;
		}
		catch (InvalidPathException e) {
			// refused below
		}
		throw error(child(key) + " must be a file inside the model folder, not '" + name + "'");
	}

	VisionJException missing(String key) {
		return error(child(key) + " is missing");
	}

	VisionJException invalid(String key, String expected) {
		return error(child(key) + " must be " + expected + ", not '" + values.get(key) + "'");
	}

	/** An error about this description: the message is completed with the file and the fix. */
	VisionJException error(String problem) {
		return new VisionJException("In the model description " + file + ", " + problem + "; fix the description.");
	}

	private double toNumber(String key, Object v) {
		if (v instanceof Number n) return n.doubleValue();
		throw invalid(key, "a number");
	}

	private String child(String key) {
		return path.isEmpty() ? key : path + "." + key;
	}

	@SuppressWarnings("unchecked")
	private static YamlMap of(Object map, String path, Path file) {
		Map<String, Object> values = new LinkedHashMap<>();
		((Map<Object, Object>) map).forEach((k, v) -> values.put(String.valueOf(k), v));
		return new YamlMap(values, path, file);
	}
}
