package io.github.visionj.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.visionj.VisionJException;

/**
 * Reads the {@code preprocessing} / {@code postprocessing} list of one tensor: v0.5 steps have an
 * {@code id} and axes as lists of axis ids; v0.4 steps have a {@code name}, axes as letters
 * ({@code "yx"}) and a {@code mode}.
 */
final class ProcessingReader {

	private final boolean v04;
	private final Map<String, String> axisIds;

	/**
	 * @param v04 the description is format 0.4
	 * @param axisIds the tensor's axis ids as the description writes them, mapped to the normalised ids
	 */
	ProcessingReader(boolean v04, Map<String, String> axisIds) {
		this.v04 = v04;
		this.axisIds = axisIds;
	}

	List<ProcessingStep> read(List<YamlMap> steps) {
		List<ProcessingStep> out = new ArrayList<>();
		for (YamlMap step : steps)
			out.add(read(step));
		return out;
	}

	private ProcessingStep read(YamlMap step) {
		String id = step.requireString(v04 ? "name" : "id");
		YamlMap kwargs = step.map("kwargs");
		YamlMap k = kwargs != null ? kwargs : new YamlMap(Map.of(), step.path() + ".kwargs", step.file());
		return switch (id) {
			case "binarize" -> new ValueSteps.Binarize(values(k, "threshold", Double.NaN));
			case "clip" -> clip(k);
			case "ensure_dtype" -> ensureDtype(k);
			case "fixed_zero_mean_unit_variance" -> fixedZeroMeanUnitVariance(k);
			case "scale_linear" -> new ValueSteps.ScaleLinear(values(k, "gain", 1), values(k, "offset", 0));
			case "scale_mean_variance" -> new StatisticSteps.ScaleMeanVariance(axes(k),
				k.requireString("reference_tensor"), eps(k));
			case "scale_range" -> new StatisticSteps.ScaleRange(axes(k), k.number("min_percentile", 0),
				k.number("max_percentile", 100), eps(k), k.string("reference_tensor"));
			case "sigmoid" -> new ValueSteps.Sigmoid();
			case "softmax" -> new StatisticSteps.Softmax(axisId(k, k.has("axis") ? k.string("axis") : "c"));
			// v0.4 folds the fixed variant into zero_mean_unit_variance, and fixed is its default mode
			case "zero_mean_unit_variance" -> v04 && "fixed".equals(k.has("mode") ? k.string("mode") : "fixed")
				? fixedZeroMeanUnitVariance(k)
				: new StatisticSteps.ZeroMeanUnitVariance(axes(k), eps(k));
			default -> throw new VisionJException("The model description " + step.file() + " uses the processing step '" +
				id + "' (" + step.path() + "), which VisionJ cannot run; it runs " + String.join(", ", Processing.SUPPORTED) + ".");
		};
	}

	private ProcessingStep clip(YamlMap k) {
		if (!k.has("min") && !k.has("max")) throw k.error("clip needs min or max");
		return new ValueSteps.Clip(k.number("min", Double.NEGATIVE_INFINITY), k.number("max", Double.POSITIVE_INFINITY));
	}

	private ProcessingStep ensureDtype(YamlMap k) {
		String dtype = k.requireString("dtype");
		if (!ValueSteps.EnsureDtype.TYPES.contains(dtype)) throw k.error("ensure_dtype has the unknown dtype '" + dtype +
			"' (known: " + String.join(", ", ValueSteps.EnsureDtype.TYPES) + ")");
		return new ValueSteps.EnsureDtype(dtype);
	}

	private ProcessingStep fixedZeroMeanUnitVariance(YamlMap k) {
		if (!k.has("mean") || !k.has("std")) throw k.error("fixed zero_mean_unit_variance needs mean and std");
		return new ValueSteps.FixedZeroMeanUnitVariance(values(k, "mean", 0), values(k, "std", 1), eps(k));
	}

	private static double eps(YamlMap k) {
		return k.number("eps", 1e-6);
	}

	/**
	 * The axes a statistic is computed over (null: all). v0.4 statistics over a whole training dataset
	 * ({@code per_dataset}) cannot be computed from one image and are refused.
	 */
	private List<String> axes(YamlMap k) {
		if (v04) {
			String mode = k.has("mode") ? k.string("mode") : "per_sample";
			if (mode.equals("per_dataset")) throw new VisionJException("The model description " + k.file() + " normalises " +
				k.path() + " with mode per_dataset, statistics of a training dataset that VisionJ does not have; " +
				"use a model whose normalisation is per_sample or fixed.");
			if (!mode.equals("per_sample")) throw k.invalid("mode", "per_sample or per_dataset");
		}
		if (!k.has("axes")) return null;
		List<String> ids = new ArrayList<>();
		if (v04) for (char c : k.string("axes").toCharArray())
			ids.add(axisId(k, String.valueOf(c)));
		else for (Object a : k.list("axes"))
			ids.add(axisId(k, String.valueOf(a)));
		return ids;
	}

	/**
	 * One number or a list of numbers along an axis: the v0.5 {@code axis} kwarg, else the channel axis
	 * (v0.4 lists are per channel).
	 */
	private AxisValues values(YamlMap k, String key, double missingValue) {
		List<Double> values = k.numbers(key);
		if (values == null) {
			if (Double.isNaN(missingValue)) throw k.missing(key);
			return AxisValues.scalar(missingValue);
		}
		if (values.size() == 1 && !k.has("axis")) return AxisValues.scalar(values.get(0));
		String axis = axisId(k, k.has("axis") ? k.string("axis") : "c");
		return new AxisValues(axis, values.stream().mapToDouble(Double::doubleValue).toArray());
	}

	/** The normalised id of an axis named in a step, which must be one of the tensor's axes. */
	private String axisId(YamlMap k, String raw) {
		String id = axisIds.get(raw);
		if (id == null && axisIds.containsValue(raw)) id = raw;
		if (id == null) throw k.error("the axis '" + raw + "' is not an axis of the tensor (" +
			String.join(", ", axisIds.keySet()) + ")");
		return id;
	}
}
