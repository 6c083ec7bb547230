import { build } from './integ.connect-peer-association';
import { LifecycleStage, synthStage } from './lifecycle-stages';

synthStage('ConnectPeerAssociation', LifecycleStage.REPLACE, build);
