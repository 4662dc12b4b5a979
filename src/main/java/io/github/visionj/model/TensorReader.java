package io.github.visionj.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code inputs} and {@code outputs} of a description into {@link TensorDescription}s,
 * normalising axis ids to {@code b, c, i, t} and the space axis ids.
 */
final class TensorReader {

	private static final Map<String, AxisKind> V04_AXES = Map.of("b", AxisKind.BATCH, "c", AxisKind.CHANNEL, "i",
		AxisKind.INDEX, "t", AxisKind.TIME, "x", AxisKind.SPACE, "y", AxisKind.SPACE, "z", AxisKind.SPACE);

	private final YamlMap root;
	private final boolean v04;
	private final Path folder;
	/** Per tensor id: its v0.4 axis letters, or its v0.5 axes as the description writes them. */
	private final Map<String, List<YamlMap>> v05Axes = new HashMap<>();
	private final Map<String, String> v04Axes = new HashMap<>();

	TensorReader(YamlMap root, boolean v04, Path folder) {
		this.root = root;
		this.v04 = v04;
		this.folder = folder;
		// size references may point at any tensor, so first note every tensor's axes
		for (String key : List.of("inputs", "outputs"))
			for (YamlMap t : root.maps(key))
				if (v04) v04Axes.put(t.string("name"), t.string("axes"));
				else v05Axes.put(tensorId(t, key), t.maps("axes"));
	}

	List<TensorDescription> read(String key) {
		List<YamlMap> tensors = root.maps(key);
		if (tensors.isEmpty()) throw root.error("there are no " + key);
		List<TensorDescription> out = new ArrayList<>();
		for (int i = 0; i < tensors.size(); i++)
			out.add(v04 ? v04(tensors.get(i), key, i) : v05(tensors.get(i), key));
		return out;
	}

	private TensorDescription v05(YamlMap t, String key) {
		String id = tensorId(t, key);
		List<YamlMap> rawAxes = v05Axes.get(id);
		if (rawAxes.isEmpty()) throw t.missing("axes");
		Map<String, String> ids = new LinkedHashMap<>();
		List<AxisDescription> axes = new ArrayList<>();
		for (YamlMap a : rawAxes) {
			AxisKind kind = kind(a);
			String normalised = normalisedId(a, kind);
			ids.put(rawId(a, kind), normalised);
			List<String> names = kind == AxisKind.CHANNEL ? a.list("channel_names").stream().map(String::valueOf).toList()
				: List.of();
			SizeRule size = switch (kind) {
				case BATCH -> a.number("size", 0) == 1 ? new SizeRule.Fixed(1) : new SizeRule.Any();
				case CHANNEL -> new SizeRule.Fixed(names.size());
				default -> v05Size(a);
			};
			axes.add(new AxisDescription(normalised, kind, size, (int) a.number("halo", 0), names));
		}
		YamlMap test = t.map("test_tensor");
		Path testTensor = test == null || test.string("source") == null ? null
			: test.fileIn(folder, "source", test.string("source"));
		List<YamlMap> steps = t.maps(key.equals("inputs") ? "preprocessing" : "postprocessing");
		return new TensorDescription(id, axes, new ProcessingReader(false, ids).read(steps), testTensor);
	}

	private SizeRule v05Size(YamlMap a) {
		Object size = a.get("size");
		if (size instanceof Number n) return new SizeRule.Fixed(n.longValue());
		YamlMap s = a.map("size");
		if (s == null) throw a.missing("size");
		if (s.has("min")) return parameterized((long) s.requireNumber("min"), (long) s.number("step", 0));
		String tensor = s.requireString("tensor_id");
		String axisId = s.requireString("axis_id");
		YamlMap ref = v05Axes.getOrDefault(tensor, List.<YamlMap> of()).stream()
			.filter(r -> rawId(r, kind(r)).equals(axisId)).findFirst()
			.orElseThrow(() -> s.error("the size refers to the axis '" + axisId + "' of '" + tensor + "', which does not exist"));
		return new SizeRule.Reference(tensor, normalisedId(ref, kind(ref)), ref.number("scale", 1) / a.number("scale", 1),
			s.number("offset", 0));
	}

	private TensorDescription v04(YamlMap t, String key, int index) {
		String name = t.requireString("name");
		String letters = t.requireString("axes");
		Map<String, String> ids = new LinkedHashMap<>();
		List<AxisDescription> axes = new ArrayList<>();
		List<Double> halo = t.has("halo") ? checkLength(t, "halo", t.numbers("halo"), letters.length()) : null;
		for (int d = 0; d < letters.length(); d++) {
			String id = String.valueOf(letters.charAt(d));
			AxisKind kind = V04_AXES.get(id);
			if (kind == null) throw t.invalid("axes", "letters out of b, i, t, c, z, y, x");
			ids.put(id, id);
			SizeRule size = kind == AxisKind.BATCH ? new SizeRule.Any() : v04Size(t, d, letters.length());
			axes.add(new AxisDescription(id, kind, size, halo == null ? 0 : halo.get(d).intValue(), List.of()));
		}
		String testKey = key.equals("inputs") ? "test_inputs" : "test_outputs";
		List<Object> tests = root.list(testKey);
		Path testTensor = index < tests.size() ? root.fileIn(folder, testKey + "[" + index + "]",
			String.valueOf(tests.get(index))) : null;
		List<YamlMap> steps = t.maps(key.equals("inputs") ? "preprocessing" : "postprocessing");
		return new TensorDescription(name, axes, new ProcessingReader(true, ids).read(steps), testTensor);
	}

	/**
	 * v0.4 shape of axis d: a list of sizes, {min, step} lists, or {reference_tensor, scale, offset} lists. A
	 * reference names the axis with the same letter in the reference tensor; a scale of null is a new axis.
	 */
	private SizeRule v04Size(YamlMap t, int d, int rank) {
		List<Double> fixed = t.get("shape") instanceof List ? t.numbers("shape") : null;
		if (fixed != null) return new SizeRule.Fixed(checkLength(t, "shape", fixed, rank).get(d).longValue());
		YamlMap shape = t.map("shape");
		if (shape == null) throw t.missing("shape");
		if (shape.has("min")) return parameterized(checkLength(shape, "min", shape.numbers("min"), rank).get(d).longValue(),
			checkLength(shape, "step", shape.numbers("step"), rank).get(d).longValue());
		String ref = shape.requireString("reference_tensor");
		List<Object> scales = shape.list("scale");
		if (scales.size() != rank || scales.stream().anyMatch(v -> v != null && !(v instanceof Number)))
			throw shape.invalid("scale", "a list of " + rank + " numbers (or nulls), one per axis");
		double offset2 = 2 * checkLength(shape, "offset", shape.numbers("offset"), rank).get(d);
		// null: a new axis of length 2 × offset; 0: an axis of length 2 × offset whatever the reference's (v0.4 channels)
		if (scales.get(d) == null || ((Number) scales.get(d)).doubleValue() == 0) return new SizeRule.Fixed(Math.round(offset2));
		double scale = ((Number) scales.get(d)).doubleValue();
		String axis = String.valueOf(t.requireString("axes").charAt(d));
		String refAxes = v04Axes.get(ref);
		if (refAxes == null) throw shape.error("reference_tensor '" + ref + "' is not an input or output of the model");
		if (refAxes.indexOf(axis.charAt(0)) < 0) throw shape.error("axis " + axis + " of '" + t.string("name") +
			"' refers to axis " + axis + " of '" + ref + "', which has axes " + refAxes + "; give it scale null (a new axis)");
		return new SizeRule.Reference(ref, axis, scale, offset2);
	}

	/**
	 * An output's channel (or index, time) axis whose size refers to a fixed-size axis (v0.4
	 * {@code scale: 1} on the channel axis): that size, so the output's channel count is known.
	 */
	static List<TensorDescription> resolveFixedReferences(List<TensorDescription> outputs, List<TensorDescription> inputs) {
		List<TensorDescription> resolved = new ArrayList<>();
		for (TensorDescription o : outputs) {
			List<AxisDescription> axes = new ArrayList<>();
			for (AxisDescription a : o.axes()) {
				SizeRule size = a.size();
				if (a.kind() != AxisKind.SPACE && size instanceof SizeRule.Reference r) {
					SizeRule target = inputs.stream().filter(i -> i.id().equals(r.tensorId())).findFirst()
						.map(i -> i.indexOf(r.axisId()) < 0 ? null : i.axes().get(i.indexOf(r.axisId())).size()).orElse(null);
					if (target instanceof SizeRule.Fixed f) size = new SizeRule.Fixed(r.sizeFor(f.size()));
				}
				axes.add(new AxisDescription(a.id(), a.kind(), size, a.halo(), a.channelNames()));
			}
			resolved.add(new TensorDescription(o.id(), axes, o.processing(), o.testTensor()));
		}
		return resolved;
	}

	private static List<Double> checkLength(YamlMap map, String key, List<Double> values, int rank) {
		if (values == null || values.size() != rank) throw map.invalid(key, "a list of " + rank + " numbers, one per axis");
		return values;
	}

	private static SizeRule parameterized(long min, long step) {
		return step == 0 ? new SizeRule.Fixed(min) : new SizeRule.Parameterized(min, step);
	}

	private static String tensorId(YamlMap t, String key) {
		String id = t.string("id");
		return id != null ? id : key.equals("inputs") ? "input" : "output";
	}

	private static AxisKind kind(YamlMap a) {
		String type = a.requireString("type");
		return switch (type) {
			case "batch" -> AxisKind.BATCH;
			case "channel" -> AxisKind.CHANNEL;
			case "space" -> AxisKind.SPACE;
			case "time" -> AxisKind.TIME;
			case "index" -> AxisKind.INDEX;
			default -> throw a.invalid("type", "batch, channel, space, time or index");
		};
	}

	/** The id as written, or the v0.5 default for the axis type (space axes default to x). */
	private static String rawId(YamlMap a, AxisKind kind) {
		String id = a.string("id");
		return id != null ? id : kind == AxisKind.SPACE ? "x" : kind.name().toLowerCase();
	}

	private static String normalisedId(YamlMap a, AxisKind kind) {
		return switch (kind) {
			case BATCH -> "b";
			case CHANNEL -> "c";
			case INDEX -> "i";
			case TIME -> "t";
			case SPACE -> rawId(a, kind);
		};
	}
}
