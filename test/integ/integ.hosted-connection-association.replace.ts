import { build } from './integ.hosted-connection-association';
import { LifecycleStage, synthStage } from './lifecycle-stages';

synthStage('HostedConnectionAssociation', LifecycleStage.REPLACE, build);
