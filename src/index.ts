/**
 * trainlab — the library under the course. Everything public is exported here, by name.
 */
export { ready, selectBackend, BACKENDS } from './backend';
export type { BackendInfo, BackendName, BackendLoader, SelectOptions } from './backend';
export { installFastMatMul, uninstallFastMatMul, fastMatMulInstalled } from './fast/matmul';
export type { NamedTensorMap, Schedule } from './core/types';
export { Random } from './core/random';
export { peakBytes } from './core/peak-bytes';
// Each line names the file that defines the export (one concept per file), so a reader finds it at once.
export { VEGA_LITE_SCHEMA, DEFAULT_WIDTH, DEFAULT_HEIGHT } from './plots/common';
export type { ChartOptions } from './plots/common';
export { lineChart } from './plots/line-chart';
export type { LineChartOptions, LineSeries, ValuesSeries, PointsSeries, LineRow } from './plots/line-chart';
export { lossCurves } from './plots/loss-curves';
export type { LossHistory, LossCurvesOptions } from './plots/loss-curves';
export { schedulePlot } from './plots/schedule-plot';
export type { SchedulePlotOptions, SchedulesToPlot } from './plots/schedule-plot';
export { toSVG } from './plots/svg';
export { displayBundle, describeSpec, VEGA_LITE_MIME } from './notebook/bundle';
export type { DisplayBundle } from './notebook/bundle';
export { show } from './notebook/show';
export type { ShowOptions } from './notebook/show';
export { liveChart } from './notebook/live-chart';
export type { LiveChart, LiveChartOptions, SpecSource } from './notebook/live-chart';
export { inNotebook, kernelWriter } from './notebook/writer';
export { claim, ClaimError } from './notebook/claim';
export type { ClaimRule } from './notebook/claim';
export type { DisplayContent, DisplayWriter } from './notebook/writer';
export {
  constantLr,
  stepLr,
  multiStepLr,
  exponentialLr,
  cosineAnnealingLr,
  cosineWarmRestarts,
  linearLr,
  polynomialLr,
  oneCycleLr,
  oneCycleMomentum,
  sequentialLr,
  warmupCosine,
  ReduceLROnPlateau,
} from './schedules/index';
export type {
  StepLrOptions,
  MultiStepLrOptions,
  ExponentialLrOptions,
  CosineAnnealingLrOptions,
  CosineWarmRestartsOptions,
  LinearLrOptions,
  PolynomialLrOptions,
  AnnealStrategy,
  OneCycleLrOptions,
  OneCycleMomentumOptions,
  WarmupCosineOptions,
  ReduceLROnPlateauOptions,
  ReduceLROnPlateauState,
} from './schedules/index';
export { loadDigits } from './data/digits';
export type { DigitsData, LoadDigitsOptions } from './data/digits';
export { twoSpirals } from './data/two-spirals';
export type { TwoSpiralsOptions } from './data/two-spirals';
export { moons } from './data/moons';
export type { MoonsOptions } from './data/moons';
export { blobs, BLOB_CENTER_BOX } from './data/blobs';
export type { BlobsOptions, BlobsSet } from './data/blobs';
export { regression1d, defaultRegressionFn } from './data/regression-1d';
export type { Regression1dOptions } from './data/regression-1d';
export type { ClassificationSet, RegressionSet } from './data/dataset';
export { trainValSplit } from './data/split';
export type { Split, SplitOptions } from './data/split';
export { fitStandardizer, standardize } from './data/standardize';
export type { Standardizer } from './data/standardize';
export { batches, batchCount } from './data/batches';
export { randomShift, augmentDigits } from './data/augment';
export type { RandomShiftOptions, AugmentDigitsOptions, Augmenter } from './data/augment';
export type { Batch, BatchOptions } from './data/batches';
export { train } from './train/train';
export type { TrainData, TrainOptions } from './train/options';
export type { History } from './train/history';
export type { Callback, Logs, TrainContext, TrainParams } from './train/callbacks';
export { fitCallback } from './train/fit-callback';
export { setLearningRate, getLearningRate, canSetLearningRate } from './train/learning-rate';
export { NonFiniteLossError } from './train/non-finite-loss-error';
export { CheckpointError, CHECKPOINT_FILE, CHECKPOINT_FORMAT, CHECKPOINT_VERSION } from './train/checkpoint';
export { LOSS_NAMES } from './train/losses';
export type { LossFn, LossName } from './train/losses';
export { METRIC_NAMES } from './train/metrics';
export type { Metric, MetricFn, MetricName, CustomMetric } from './train/metrics';
export { PROGRESS_MODES } from './train/progress';
export type { ProgressMode } from './train/progress';
export { sgd, SGD } from './optim/sgd';
export type { SgdOptions } from './optim/sgd';
export { adam, Adam } from './optim/adam';
export type { AdamOptions } from './optim/adam';
export { adamw, AdamW } from './optim/adamw';
export type { AdamWOptions } from './optim/adamw';
export { rmsprop, RMSprop } from './optim/rmsprop';
export type { RmspropOptions } from './optim/rmsprop';
export { TransformOptimizer } from './optim/transform-optimizer';
export type { TransformOptimizerConfig, NamedTensor } from './optim/transform-optimizer';
export { chain, mapTensors } from './optim/transform';
export type { GradientTransformation, TransformState, TransformResult } from './optim/transform';
export { addWeightDecay, addDecayedWeights } from './optim/add-decayed-weights';
export type { WeightDecayOptions } from './optim/add-decayed-weights';
export { traceMomentum } from './optim/trace-momentum';
export type { TraceMomentumOptions } from './optim/trace-momentum';
export { scaleByAdam } from './optim/scale-by-adam';
export type { ScaleByAdamOptions } from './optim/scale-by-adam';
export { scaleByRms } from './optim/scale-by-rms';
export type { ScaleByRmsOptions } from './optim/scale-by-rms';
export { scaleByLearningRate } from './optim/scale-by-learning-rate';
export { clipGradNorm, CLIP_EPSILON } from './optim/clip-grad-norm';
export type { ClipGradNormOptions, ClipGradNormResult } from './optim/clip-grad-norm';
export { clipGradValue } from './optim/clip-grad-value';
export { globalNorm } from './optim/global-norm';
export type { NormType } from './optim/global-norm';
export { clipByGlobalNorm, clipByValue } from './optim/clip-by-global-norm';
export type { ClipByGlobalNormOptions, ClipByValueOptions } from './optim/clip-by-global-norm';
export { OptimizerWrapper } from './optim/optimizer-wrapper';
export {
  glorotUniform,
  glorotNormal,
  heUniform,
  heNormal,
  lecunNormal,
  calculateGain,
  computeFans,
  NONLINEARITIES,
  GlorotUniform,
  GlorotNormal,
  HeUniform,
  HeNormal,
  LecunNormal,
} from './nn/init';
export type { FanMode, InitScale, Nonlinearity, GlorotOptions, FanModeOptions, HeOptions, TfInitializer } from './nn/init';
export { withClipping, ClippingOptimizer } from './optim/with-clipping';
export type { WithClippingOptions } from './optim/with-clipping';
export { withAccumulation, AccumulatingOptimizer } from './optim/with-accumulation';
export type { WithAccumulationOptions } from './optim/with-accumulation';
export { scheduleCallback, optimizerHasScheduleMessage } from './train/schedule-callback';
export type { ScheduleCallback } from './train/schedule-callback';
export { reduceLrOnPlateau } from './train/reduce-lr-on-plateau-callback';
export type { ReduceLrOnPlateauCallbackOptions, ReduceLrOnPlateauCallback } from './train/reduce-lr-on-plateau-callback';
export { earlyStopping } from './train/early-stopping';
export type { EarlyStoppingOptions, EarlyStoppingCallback } from './train/early-stopping';
export { missingMonitorMessage, nonFiniteMonitorMessage, noContextMessage } from './train/monitor';
export { lrFinder, sweepRates } from './debug/lr-finder';
export { gradCheck, GRAD_CHECK_THRESHOLDS } from './debug/grad-check';
export { gradientFlow, gradientFlowCallback, HISTOGRAM_BINS } from './debug/gradient-flow';
export type {
  GradientFlowStats,
  GradientFlowRecord,
  GradientFlowOptions,
  GradientFlowCallback,
  GradientFlowCallbackOptions,
  HistoryWithGradientFlow,
  VariableFlow,
  LayerFlow,
} from './debug/gradient-flow';
export { suggestClipThreshold, percentileOf } from './debug/clip-threshold';
export type { ClipThresholdSuggestion } from './debug/clip-threshold';
export { gradientFlowPlot, activationHistogramPlot } from './plots/gradient-flow-plot';
export type { GradientFlowPlotOptions, ActivationHistogramPlotOptions, FlowQuantity } from './plots/gradient-flow-plot';
export { gradNormPlot } from './plots/grad-norm-plot';
export type { GradNormPlotOptions } from './plots/grad-norm-plot';
export type { GradCheckOptions, GradCheckResult, GradCheckElement, GradCheckVerdict } from './debug/grad-check';
export type { LrFinderOptions, LrFinderResult } from './debug/lr-finder';
export { suggestLearningRate, LR_FINDER_RULES } from './debug/lr-suggestion';
export type { LrFinderRule, LrSuggestion } from './debug/lr-suggestion';
export { diagnose, softmaxFloor, DIAGNOSIS_THRESHOLDS } from './debug/diagnose';
export type { Diagnosis, DiagnosisMeasures } from './debug/diagnose';
export type { DiagnoseInput, LossCurvesInput, FitHistoryInput } from './debug/diagnose-input';
export { VERDICTS, REMEDIES, REMEDY_ORDER, LESSON_SLUGS, remedySentence } from './debug/remedies';
export type { Verdict, Remedy, RemedyId, LessonSlug } from './debug/remedies';
export { checkFiniteValues, checkConstantFeatures, checkLabelBalance, checkFeatureScale, checkSplitOverlap, checkData, FEATURE_SCALE_LIMITS } from './debug/data-checks';
export type { CheckResult, DataToCheck } from './debug/data-checks';
export { checkInitialLoss, checkOverfitBatch, checkLossMatchesOutput } from './debug/model-checks';
export type { OverfitBatchOptions } from './debug/model-checks';
export { trainingReport } from './debug/training-report';
export type { ReportHistory, TrainingReportOptions } from './debug/training-report';
export { GYM_RUNS, gymConfig, gymBase, gymChanges, runGym } from './debug/gym';
export type { GymConfig, GymRun, GymRunName } from './debug/gym';
export { lrFinderPlot } from './plots/lr-finder-plot';
export type { LrFinderCurve, LrFinderPlotOptions } from './plots/lr-finder-plot';
export { learningRatePlot } from './plots/learning-rate-plot';
export type { LearningRateHistory, LearningRateRuns, LearningRatePlotOptions } from './plots/learning-rate-plot';
export { optimizerPathsPlot, MIN_LEVEL_RATIO, type OptimizerPath, type OptimizerPathsPlotOptions } from './plots/optimizer-paths';
export { toFloat16, toBFloat16 } from './precision/to-low-precision';
export type { LowPrecision } from './precision/to-low-precision';
export { roundToFloat16, roundToBFloat16, float16BitsFromFloat32Bits, float32FromFloat16Bits, bfloat16BitsFromFloat32Bits, float32Bits, float32FromBits } from './precision/round-bits';
export { DynamicLossScaler } from './precision/dynamic-loss-scaler';
export type { DynamicLossScalerOptions, DynamicLossScalerState } from './precision/dynamic-loss-scaler';
export { trainingMemory, WELL_KNOWN_MODELS, OPTIMIZER_SLOTS, TRAINING_PRECISIONS } from './precision/training-memory';
export type { TrainingMemory, TrainingMemoryOptions, TrainingPrecision, TransformerSpec, OptimizerKind } from './precision/training-memory';
export { dropout } from './nn/dropout';
export type { DropoutOptions } from './nn/dropout';
export { batchNorm } from './nn/batch-norm';
export type { BatchNormOptions, BatchNormResult } from './nn/batch-norm';
export { layerNorm } from './nn/layer-norm';
export type { LayerNormOptions } from './nn/layer-norm';
export { dropoutLayer, DropoutLayer } from './nn/dropout-layer';
export type { DropoutLayerArgs } from './nn/dropout-layer';
export { batchNormLayer, BatchNormLayer } from './nn/batch-norm-layer';
export type { BatchNormLayerArgs } from './nn/batch-norm-layer';
export { layerNormLayer, LayerNormLayer } from './nn/layer-norm-layer';
export type { LayerNormLayerArgs } from './nn/layer-norm-layer';
export { l2Penalty } from './nn/l2-penalty';
export type { PenalizedWeights } from './nn/l2-penalty';
