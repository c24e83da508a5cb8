#!/usr/bin/python3
"""Reference learning-rate sequences from PyTorch for trainlab's schedules (tests/schedules-*.test.ts).

Regenerate (Debian's python3-torch, not a pyenv python):

    /usr/bin/python3 tools/reference/schedules.py > tests/reference/schedules.json

How the values are read: each torch scheduler is stepped exactly as a training loop does,
once per optimizer step —

    for k in range(n):
        lr[k] = optimizer.param_groups[0]['lr']   # the learning rate used by update k
        optimizer.step()
        scheduler.step()

so lr[k] is what trainlab's `schedule(k)` must return. Where torch also has a closed form
(`_get_closed_form_lr`), it is recorded next to the stepped value, evaluated at the same step
(`closedForm`), because torch's stepped values come from a recursive ("chainable") formula that can
drift from the closed form by rounding. OneCycleLR's momentum cycle is read from the param group
('momentum' for SGD, 'betas'[0] for Adam) after the same scheduler step, i.e. the momentum used by
update k. ReduceLROnPlateau is fed a fixed metric sequence (stored in the JSON) and its state is read
after every step(metric).

Options are written with trainlab's names (camelCase) so the tests pass them straight to the
factories; `torch` holds the keyword arguments given to PyTorch.
"""

import json
import math
import sys
import warnings

import torch
from torch.optim import lr_scheduler as S

warnings.simplefilter('ignore')  # the SequentialLR milestone step(0) warns about `epoch`

# trainlab name -> (torch class, {trainlab option: torch keyword})
SCHEDULERS = {
    'stepLr': (S.StepLR, {'stepSize': 'step_size', 'gamma': 'gamma'}),
    'multiStepLr': (S.MultiStepLR, {'milestones': 'milestones', 'gamma': 'gamma'}),
    'exponentialLr': (S.ExponentialLR, {'gamma': 'gamma'}),
    'cosineAnnealingLr': (S.CosineAnnealingLR, {'tMax': 'T_max', 'etaMin': 'eta_min'}),
    'cosineWarmRestarts': (S.CosineAnnealingWarmRestarts, {'t0': 'T_0', 'tMult': 'T_mult', 'etaMin': 'eta_min'}),
    'linearLr': (S.LinearLR, {'startFactor': 'start_factor', 'endFactor': 'end_factor', 'totalIters': 'total_iters'}),
    'polynomialLr': (S.PolynomialLR, {'totalIters': 'total_iters', 'power': 'power'}),
}


def optimizer(lr, kind='sgd'):
    params = [torch.nn.Parameter(torch.zeros(1))]
    if kind == 'adam':
        return torch.optim.Adam(params, lr=lr)
    return torch.optim.SGD(params, lr=lr, momentum=0.9)


def torch_kwargs(fn, options):
    mapping = SCHEDULERS[fn][1]
    return {mapping[k]: v for k, v in options.items() if k != 'initialLr'}


def make(fn, opt, options):
    cls = SCHEDULERS[fn][0]
    return cls(opt, **torch_kwargs(fn, options))


def run(opt, sched, n, closed=False):
    lrs, closed_form = [], []
    for _ in range(n):
        lrs.append(opt.param_groups[0]['lr'])
        if closed:
            closed_form.append(sched._get_closed_form_lr()[0])
        opt.step()
        sched.step()
    return lrs, closed_form


def simple(name, fn, options, n):
    opt = optimizer(options['initialLr'])
    sched = make(fn, opt, options)
    closed = hasattr(sched, '_get_closed_form_lr')
    lrs, closed_form = run(opt, sched, n, closed)
    case = {'name': name, 'fn': fn, 'options': options, 'torch': torch_kwargs(fn, options), 'lr': lrs}
    if closed:
        case['closedForm'] = closed_form
    return case


def one_cycle(name, options, n, kind='sgd'):
    opt = optimizer(1.0, kind)
    kwargs = {
        'max_lr': options['maxLr'],
        'total_steps': options['totalSteps'],
        'pct_start': options.get('pctStart', 0.3),
        'anneal_strategy': options.get('annealStrategy', 'cos'),
        'div_factor': options.get('divFactor', 25.0),
        'final_div_factor': options.get('finalDivFactor', 1e4),
        'three_phase': options.get('threePhase', False),
        'base_momentum': options.get('baseMomentum', 0.85),
        'max_momentum': options.get('maxMomentum', 0.95),
    }
    sched = S.OneCycleLR(opt, **kwargs)
    lrs, momentum = [], []
    for _ in range(n):
        group = opt.param_groups[0]
        lrs.append(group['lr'])
        momentum.append(group['betas'][0] if kind == 'adam' else group['momentum'])
        opt.step()
        sched.step()
    lr_keys = ('maxLr', 'totalSteps', 'pctStart', 'annealStrategy', 'divFactor', 'finalDivFactor', 'threePhase')
    momentum_keys = ('totalSteps', 'pctStart', 'annealStrategy', 'baseMomentum', 'maxMomentum', 'threePhase')
    return {
        'name': name,
        'optimizer': kind,
        'lrOptions': {k: v for k, v in options.items() if k in lr_keys},
        'momentumOptions': {k: v for k, v in options.items() if k in momentum_keys},
        'torch': kwargs,
        'lr': lrs,
        'momentum': momentum,
    }


def sequential(name, initial_lr, parts, milestones, n):
    opt = optimizer(initial_lr)
    scheds = [make(p['fn'], opt, dict(p['options'], initialLr=initial_lr)) for p in parts]
    sched = S.SequentialLR(opt, scheds, milestones=milestones)
    lrs, _ = run(opt, sched, n)
    return {
        'name': name,
        'schedules': [{'fn': p['fn'], 'options': dict(p['options'], initialLr=initial_lr)} for p in parts],
        'milestones': milestones,
        'lr': lrs,
    }


def finite_or_none(x):
    return x if math.isfinite(x) else None


def plateau(name, options, metrics):
    opt = optimizer(options['initialLr'])
    kwargs = {
        'mode': options.get('mode', 'min'),
        'factor': options.get('factor', 0.1),
        'patience': options.get('patience', 10),
        'threshold': options.get('threshold', 1e-4),
        'threshold_mode': options.get('thresholdMode', 'rel'),
        'cooldown': options.get('cooldown', 0),
        'min_lr': options.get('minLr', 0),
        'eps': options.get('eps', 1e-8),
    }
    sched = S.ReduceLROnPlateau(opt, **kwargs)
    out = {'lr': [], 'best': [], 'numBadEpochs': [], 'cooldownCounter': []}
    for m in metrics:
        sched.step(m)
        out['lr'].append(opt.param_groups[0]['lr'])
        out['best'].append(finite_or_none(sched.best))  # JSON has no Infinity: null = torch's ±inf
        out['numBadEpochs'].append(sched.num_bad_epochs)
        out['cooldownCounter'].append(sched.cooldown_counter)
    return dict({'name': name, 'options': options, 'torch': kwargs, 'metrics': metrics}, **out)


# Fixed metric sequences: a loss that falls and then plateaus with wiggles, an accuracy that rises
# and saturates, a constant, and a negative-valued score.
def loss_curve(n):
    return [round(0.2 + 0.8 * math.exp(-0.05 * k) + 0.01 * math.sin(1.7 * k), 12) for k in range(n)]


def accuracy_curve(n):
    return [round(0.95 - 0.6 * math.exp(-0.08 * k) + 0.004 * math.sin(2.3 * k), 12) for k in range(n)]


def negative_score(n):
    return [round(-2.0 + 1.5 * (1 - math.exp(-0.2 * k)) + 0.03 * math.sin(1.1 * k), 12) for k in range(n)]


def main():
    schedules = [
        simple('stepLr/stepSize 30', 'stepLr', {'initialLr': 0.1, 'stepSize': 30, 'gamma': 0.1}, 120),
        simple('stepLr/stepSize 7 gamma 0.5', 'stepLr', {'initialLr': 1.0, 'stepSize': 7, 'gamma': 0.5}, 120),
        simple('stepLr/stepSize 1', 'stepLr', {'initialLr': 0.3, 'stepSize': 1, 'gamma': 0.97}, 150),
        simple('multiStepLr/[30, 80]', 'multiStepLr', {'initialLr': 0.1, 'milestones': [30, 80], 'gamma': 0.1}, 120),
        simple('multiStepLr/dense', 'multiStepLr',
               {'initialLr': 0.05, 'milestones': [1, 2, 50, 51, 99], 'gamma': 0.5}, 110),
        simple('multiStepLr/milestone 0', 'multiStepLr', {'initialLr': 0.2, 'milestones': [0, 10], 'gamma': 0.3}, 100),
        simple('multiStepLr/none', 'multiStepLr', {'initialLr': 0.02, 'milestones': [], 'gamma': 0.1}, 100),
        simple('exponentialLr/0.97', 'exponentialLr', {'initialLr': 0.1, 'gamma': 0.97}, 150),
        simple('exponentialLr/0.999', 'exponentialLr', {'initialLr': 3e-4, 'gamma': 0.999}, 500),
        simple('exponentialLr/growth 1.05', 'exponentialLr', {'initialLr': 1e-7, 'gamma': 1.05}, 300),
        simple('cosineAnnealingLr/tMax 100 past the end', 'cosineAnnealingLr',
               {'initialLr': 0.1, 'tMax': 100, 'etaMin': 0}, 130),
        simple('cosineAnnealingLr/tMax 30 etaMin, several periods', 'cosineAnnealingLr',
               {'initialLr': 0.05, 'tMax': 30, 'etaMin': 1e-3}, 200),
        simple('cosineAnnealingLr/tMax 1', 'cosineAnnealingLr', {'initialLr': 1.0, 'tMax': 1, 'etaMin': 0}, 20),
        simple('cosineAnnealingLr/tMax 1000', 'cosineAnnealingLr',
               {'initialLr': 3e-4, 'tMax': 1000, 'etaMin': 1e-6}, 1001),
        simple('cosineWarmRestarts/t0 10', 'cosineWarmRestarts', {'initialLr': 0.1, 't0': 10, 'tMult': 1, 'etaMin': 0}, 100),
        simple('cosineWarmRestarts/t0 10 tMult 2', 'cosineWarmRestarts',
               {'initialLr': 0.1, 't0': 10, 'tMult': 2, 'etaMin': 1e-4}, 160),
        simple('cosineWarmRestarts/t0 1 tMult 2', 'cosineWarmRestarts',
               {'initialLr': 0.5, 't0': 1, 'tMult': 2, 'etaMin': 0}, 130),
        simple('cosineWarmRestarts/t0 3 tMult 3', 'cosineWarmRestarts',
               {'initialLr': 0.01, 't0': 3, 'tMult': 3, 'etaMin': 1e-5}, 130),
        simple('linearLr/defaults', 'linearLr', {'initialLr': 0.1, 'startFactor': 1 / 3, 'endFactor': 1.0, 'totalIters': 5}, 100),
        simple('linearLr/warmup 50', 'linearLr', {'initialLr': 0.1, 'startFactor': 0.1, 'endFactor': 1.0, 'totalIters': 50}, 120),
        simple('linearLr/decay 100', 'linearLr', {'initialLr': 0.1, 'startFactor': 1.0, 'endFactor': 0.1, 'totalIters': 100}, 120),
        simple('linearLr/to zero', 'linearLr', {'initialLr': 0.4, 'startFactor': 0.25, 'endFactor': 0.0, 'totalIters': 10}, 100),
        simple('polynomialLr/defaults', 'polynomialLr', {'initialLr': 0.1, 'totalIters': 5, 'power': 1.0}, 100),
        simple('polynomialLr/power 2', 'polynomialLr', {'initialLr': 0.1, 'totalIters': 100, 'power': 2.0}, 120),
        simple('polynomialLr/power 0.5', 'polynomialLr', {'initialLr': 0.02, 'totalIters': 50, 'power': 0.5}, 100),
        simple('polynomialLr/totalIters 1', 'polynomialLr', {'initialLr': 0.02, 'totalIters': 1, 'power': 1.0}, 100),
    ]
    one_cycles = [
        one_cycle('oneCycle/defaults', {'maxLr': 0.1, 'totalSteps': 100}, 100),
        one_cycle('oneCycle/adam betas', {'maxLr': 3e-3, 'totalSteps': 120, 'baseMomentum': 0.8, 'maxMomentum': 0.9}, 120,
                  'adam'),
        one_cycle('oneCycle/threePhase', {'maxLr': 0.1, 'totalSteps': 150, 'threePhase': True}, 150),
        one_cycle('oneCycle/linear', {'maxLr': 1.0, 'totalSteps': 120, 'annealStrategy': 'linear'}, 120),
        one_cycle('oneCycle/linear threePhase', {'maxLr': 0.5, 'totalSteps': 200, 'pctStart': 0.25,
                                                 'annealStrategy': 'linear', 'threePhase': True}, 200),
        one_cycle('oneCycle/odd sizes', {'maxLr': 0.01, 'totalSteps': 101, 'pctStart': 0.45, 'divFactor': 10.0,
                                         'finalDivFactor': 100.0}, 101),
        one_cycle('oneCycle/short warmup (pctStart·totalSteps < 1)', {'maxLr': 0.1, 'totalSteps': 10, 'pctStart': 0.05},
                  10),
    ]
    sequentials = [
        sequential('linear warmup then cosine', 0.1,
                   [{'fn': 'linearLr', 'options': {'startFactor': 0.1, 'endFactor': 1.0, 'totalIters': 10}},
                    {'fn': 'cosineAnnealingLr', 'options': {'tMax': 90, 'etaMin': 0}}], [10], 120),
        sequential('warmup, exponential, step', 0.05,
                   [{'fn': 'linearLr', 'options': {'startFactor': 0.01, 'endFactor': 1.0, 'totalIters': 5}},
                    {'fn': 'exponentialLr', 'options': {'gamma': 0.95}},
                    {'fn': 'stepLr', 'options': {'stepSize': 10, 'gamma': 0.5}}], [5, 40], 120),
        sequential('warmup then warm restarts', 0.2,
                   [{'fn': 'linearLr', 'options': {'startFactor': 0.2, 'endFactor': 1.0, 'totalIters': 10}},
                    {'fn': 'cosineWarmRestarts', 'options': {'t0': 10, 'tMult': 2, 'etaMin': 1e-3}}], [10], 130),
        sequential('step, multistep, polynomial', 1.0,
                   [{'fn': 'stepLr', 'options': {'stepSize': 3, 'gamma': 0.9}},
                    {'fn': 'multiStepLr', 'options': {'milestones': [5, 7], 'gamma': 0.5}},
                    {'fn': 'polynomialLr', 'options': {'totalIters': 20, 'power': 2.0}}], [10, 30], 100),
    ]
    plateaus = [
        plateau('min rel, patience 5', {'initialLr': 0.1, 'mode': 'min', 'patience': 5}, loss_curve(120)),
        plateau('min abs, cooldown 2', {'initialLr': 0.1, 'mode': 'min', 'factor': 0.5, 'patience': 3,
                                        'threshold': 0.01, 'thresholdMode': 'abs', 'cooldown': 2}, loss_curve(120)),
        plateau('max rel, cooldown 3', {'initialLr': 0.05, 'mode': 'max', 'factor': 0.2, 'patience': 4,
                                        'threshold': 0.001, 'thresholdMode': 'rel', 'cooldown': 3}, accuracy_curve(120)),
        plateau('max abs, minLr', {'initialLr': 0.1, 'mode': 'max', 'factor': 0.3, 'patience': 2, 'threshold': 0.005,
                                   'thresholdMode': 'abs', 'minLr': 1e-3}, accuracy_curve(120)),
        plateau('eps stops tiny reductions', {'initialLr': 1e-6, 'mode': 'min', 'patience': 0}, [1.0] * 20),
        plateau('minLr clamps', {'initialLr': 0.1, 'patience': 1, 'minLr': 0.005, 'cooldown': 1}, [2.0] * 30),
        plateau('max rel on a negative metric (torch quirk)', {'initialLr': 0.1, 'mode': 'max', 'patience': 3,
                                                               'threshold': 0.05}, negative_score(120)),
        plateau('min rel, defaults', {'initialLr': 0.01}, loss_curve(300)),
    ]
    out = {
        'generator': 'tools/reference/schedules.py',
        'regenerate': '/usr/bin/python3 tools/reference/schedules.py > tests/reference/schedules.json',
        'torch': torch.__version__,
        'schedules': schedules,
        'oneCycle': one_cycles,
        'sequential': sequentials,
        'plateau': plateaus,
    }
    json.dump(out, sys.stdout, indent=1, allow_nan=False)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
