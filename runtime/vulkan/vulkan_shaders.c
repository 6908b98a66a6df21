#include "vulkan/vulkan_shaders.h"

/* glslangValidator --vn output: `const uint32_t ckpt_vulkan_control_spirv[] = {...};`. */
#include "control.spv.h"

const size_t ckpt_vulkan_control_spirv_size = sizeof(ckpt_vulkan_control_spirv);
