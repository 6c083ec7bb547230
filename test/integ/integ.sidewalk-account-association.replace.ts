import { build } from './integ.sidewalk-account-association';
import { LifecycleStage, synthStage } from './lifecycle-stages';

synthStage('SidewalkAccountAssociation', LifecycleStage.REPLACE, build);
